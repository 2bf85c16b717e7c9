package dev.mailwright.web;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

import dev.mailwright.store.AccountStore;

/**
 * The webmail's language: the one the signed-in account chose in Settings, else the browser's Accept-Language among
 * the languages we have texts for, else English. Looked up once per request.
 */
@Component("localeResolver")
public class AccountLocaleResolver extends AcceptHeaderLocaleResolver {
    /** The languages the message bundles exist in; Settings offers these. */
    public static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.KOREAN);
    private static final String CHOSEN = AccountLocaleResolver.class.getName() + ".chosen";

    private final AccountStore accounts;

    AccountLocaleResolver(AccountStore accounts) {
        this.accounts = accounts;
        setSupportedLocales(LANGUAGES);
        setDefaultLocale(Locale.ENGLISH);
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        Object chosen = request.getAttribute(CHOSEN);
        if (chosen == null) {
            chosen = chosenLanguage().map(Object.class::cast).orElse(Boolean.FALSE);
            request.setAttribute(CHOSEN, chosen);
        }
        return chosen instanceof Locale locale ? locale : super.resolveLocale(request);
    }

    private java.util.Optional<Locale> chosenLanguage() {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        if (who == null || !who.isAuthenticated() || who instanceof AnonymousAuthenticationToken) {
            return java.util.Optional.empty();
        }
        return accounts.language(who.getName()).map(Locale::forLanguageTag)
                .filter(locale -> LANGUAGES.stream().anyMatch(l -> l.getLanguage().equals(locale.getLanguage())));
    }
}
