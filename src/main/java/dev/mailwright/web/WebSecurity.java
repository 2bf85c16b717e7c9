package dev.mailwright.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import dev.mailwright.auth.AuthResult;
import dev.mailwright.auth.Authenticator;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.AccountStore.Account;

/**
 * Web security: the webmail signs in through the same {@link Authenticator} (and the same brute-force
 * throttle) as IMAP and SMTP. CSRF on, a strict Content-Security-Policy, health open for container checks,
 * the other actuator endpoints and {@code /admin/**} for admin accounts only.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurity {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; frame-src 'self'; frame-ancestors 'self'; form-action 'self'; "
            + "base-uri 'none'; object-src 'none'";

    /** Account auto-configuration for mail apps: public by design, they carry no secret. */
    static final String[] AUTOCONFIG_PATHS = {"/.well-known/autoconfig/mail/config-v1.1.xml", "/mail/config-v1.1.xml",
            "/autodiscover/autodiscover.xml", "/Autodiscover/Autodiscover.xml", "/AutoDiscover/AutoDiscover.xml",
            "/autodiscover/autodiscover.json", "/Autodiscover/Autodiscover.json"};

    /**
     * The sanitized HTML of a message, shown in a sandboxed iframe: no script at all, no forms, no plugins,
     * nothing remote unless the reader asked for remote content ({@code ?remote=1}).
     */
    public static final String MESSAGE_BODY_POLICY = "default-src 'none'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'self'; "
            + "sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox";
    public static final String MESSAGE_BODY_REMOTE_POLICY = MESSAGE_BODY_POLICY.replace("img-src 'self' data:",
            "img-src 'self' data: https: http:");

    /** Message bodies: the same sign-in, but their own CSP (the HTML inside is the sender's, not ours). */
    @Bean
    @Order(1)
    SecurityFilterChain messageBodyFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/mail/*/*/body")
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .headers(headers -> headers
                        .frameOptions(frame -> frame.sameOrigin())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .addHeaderWriter((request, response) -> response.setHeader("Content-Security-Policy",
                                !"1".equals(request.getParameter("remote")) ? MESSAGE_BODY_POLICY : MESSAGE_BODY_REMOTE_POLICY)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain webFilterChain(HttpSecurity http, AccountStore accounts) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/login", "/error", "/css/**", "/js/**",
                                "/favicon.ico").permitAll()
                        .requestMatchers(AUTOCONFIG_PATHS).permitAll()
                        // metrics, info and every other endpoint tell an attacker too much: admins only
                        // the admin flag as the database holds it NOW: a demotion takes effect at the next request
                        .requestMatchers("/actuator/**", "/admin", "/admin/**").access(adminNow(accounts))
                        .anyRequest().authenticated())
                // mail apps POST their Autodiscover request without a session or token
                // a refused cross-site POST must not start a session: its cookie would replace the user's (sign-out)
                .csrf(csrf -> csrf.ignoringRequestMatchers(AUTOCONFIG_PATHS)
                        .csrfTokenRepository(new SessionKeepingCsrfTokenRepository()))
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false))
                .requestCache(cache -> cache.requestCache(pagesOnlyRequestCache()))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(signInOrUnauthorized()))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .headers(headers -> headers
                        .frameOptions(frame -> frame.sameOrigin())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
        return http.build();
    }

    /**
     * Admin pages and actuator endpoints: the account behind the session must still exist, be enabled and be an admin
     * in the store. The role granted at sign-in is not trusted on its own (it lives as long as the session).
     */
    static AuthorizationManager<RequestAuthorizationContext> adminNow(AccountStore accounts) {
        return (authentication, context) -> {
            Authentication who = authentication.get();
            boolean admin = who != null && who.isAuthenticated() && !(who instanceof AnonymousAuthenticationToken)
                    && accounts.findAccount(who.getName()).filter(Account::enabled).map(Account::admin).orElse(false);
            return new AuthorizationDecision(admin);
        };
    }

    private static AuthenticationEntryPoint signInOrUnauthorized() {
        AuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint("/login");
        AuthenticationEntryPoint unauthorized = new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED);
        return (request, response, e) -> (isBackground(request) ? unauthorized : signIn).commence(request, response, e);
    }

    /** After sign-in, go back to the page asked for, never to an event stream or a frame's content. */
    private static RequestCache pagesOnlyRequestCache() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setRequestMatcher(request -> "GET".equals(request.getMethod()) && !isBackground(request));
        return cache;
    }

    /** Requests made by the page itself (live updates, message frames, images): a 401, not a login page. */
    private static boolean isBackground(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/events") || path.endsWith("/body") || path.contains("/cid/") || path.equals("/favicon.ico");
    }

    @Bean
    AuthenticationProvider mailAccountAuthenticationProvider(Authenticator authenticator) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                String username = authentication.getName();
                String password = String.valueOf(authentication.getCredentials());
                AuthResult result = authenticator.authenticate(username, password, remoteAddress(authentication));
                return switch (result) {
                    case AuthResult.Success success -> {
                        List<SimpleGrantedAuthority> roles = success.account().admin()
                                ? List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_ADMIN"))
                                : List.of(new SimpleGrantedAuthority("ROLE_USER"));
                        yield UsernamePasswordAuthenticationToken.authenticated(success.account().address(), null, roles);
                    }
                    case AuthResult.Failure failure -> throw new BadCredentialsException("Wrong address or password");
                    case AuthResult.Throttled throttled -> throw new LockedException("Too many failed sign-ins; try again later");
                };
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    private static InetAddress remoteAddress(Authentication authentication) {
        if (authentication.getDetails() instanceof WebAuthenticationDetails details && details.getRemoteAddress() != null) {
            try {
                return InetAddress.getByName(details.getRemoteAddress());   // an IP literal: no DNS lookup
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }
}
