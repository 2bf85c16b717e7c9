package dev.mailwright.carddav;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.mailwright.contacts.AddressBook;
import dev.mailwright.store.AccountStore;

/**
 * CardDAV's own security filter chain, before the webmail's: HTTP Basic checked by the same authentication provider
 * as the webmail sign-in (the one {@code Authenticator}, with its failure throttle), no session, no CSRF token (a DAV
 * client has none; Basic credentials are not sent by a browser across sites without the user typing them for this
 * realm), and passwords only over TLS or from the loopback interface. {@code /.well-known/carddav} (RFC 6764 §6)
 * redirects to the root, where a signed-in client finds its principal.
 */
@Configuration(proxyBeanMethods = false)
class CardDavSecurity {

    @Bean
    ServletRegistrationBean<CardDavServlet> cardDavServlet(AccountStore accounts, AddressBook book) {
        ServletRegistrationBean<CardDavServlet> bean = new ServletRegistrationBean<>(new CardDavServlet(accounts, book), "/dav/*");
        bean.setName("carddav");
        return bean;
    }

    /**
     * Spring Security's firewall knows only the usual HTTP methods; WebDAV adds PROPFIND and REPORT (RFC 4918 §9.1,
     * RFC 3253 §3.6). Every other check of the strict firewall stays.
     */
    @Bean
    WebSecurityCustomizer webDavMethods() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHttpMethods(List.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "PROPFIND", "REPORT"));
        return web -> web.httpFirewall(firewall);
    }

    @Bean
    @Order(0)
    SecurityFilterChain cardDavFilterChain(HttpSecurity http) throws Exception {
        BasicAuthenticationEntryPoint entryPoint = new BasicAuthenticationEntryPoint();
        entryPoint.setRealmName("Mailwright");
        http.securityMatcher("/dav", "/dav/**", "/.well-known/carddav")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/.well-known/carddav").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .addFilterBefore(new SecureTransportOnly(), BasicAuthenticationFilter.class)
                .addFilterBefore(new WellKnownRedirect(), BasicAuthenticationFilter.class);
        return http.build();
    }

    /** RFC 6764 §6: the well-known URI points at the context path. */
    static final class WellKnownRedirect extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (path.equals("/.well-known/carddav") || path.equals("/.well-known/carddav/")) {
                response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
                response.setHeader("Location", request.getContextPath() + CardDavServlet.ROOT);
                return;
            }
            chain.doFilter(request, response);
        }
    }

    /** Basic sends the password in every request: refuse it in clear text from anywhere but this machine. */
    static final class SecureTransportOnly extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!request.isSecure() && !loopback(request.getRemoteAddr())) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN, "CardDAV needs HTTPS");
                return;
            }
            chain.doFilter(request, response);
        }

        private static boolean loopback(String address) {
            try {
                return address != null && InetAddress.getByName(address).isLoopbackAddress();   // an IP literal: no lookup
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }
}
