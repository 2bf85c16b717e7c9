package dev.mailwright.delivery;

import java.util.Locale;

import org.springframework.context.support.ResourceBundleMessageSource;

import dev.mailwright.delivery.dsn.DeliveryStatusNotification;
import dev.mailwright.store.AccountStore;

/**
 * The human-readable texts of the mail the server writes itself (bounces, Sieve rejections, vacation subjects), from
 * the webmail's bundles ({@code messages*.properties}, keys {@code mail.*}): in the language the account chose in
 * Settings, else English. A reader of its own (not the web's {@code MessageSource}) so that delivery needs no web
 * bean and tests that build delivery by hand get the same texts.
 */
final class MailTexts {
    private static final ResourceBundleMessageSource BUNDLES = bundles();

    private final AccountStore accounts;

    MailTexts(AccountStore accounts) {
        this.accounts = accounts;
    }

    private static ResourceBundleMessageSource bundles() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);   // an account without a choice reads English, whatever the host's locale
        return source;
    }

    /** The language {@code address}'s account chose in Settings; English for a remote address or no choice. */
    Locale localeOf(String address) {
        try {
            return accounts.language(address).filter(l -> !l.isBlank()).map(Locale::forLanguageTag).orElse(Locale.ENGLISH);
        } catch (RuntimeException unknown) {
            return Locale.ENGLISH;
        }
    }

    String text(Locale locale, String code, Object... args) {
        return BUNDLES.getMessage(code, args, locale);
    }

    /** The human part of a non-delivery report to {@code sender}. */
    DeliveryStatusNotification.Texts bounce(String sender) {
        Locale locale = localeOf(sender);
        return new DeliveryStatusNotification.Texts(locale, text(locale, "mail.dsn.from"), text(locale, "mail.dsn.subject"),
                text(locale, "mail.dsn.intro"), text(locale, "mail.dsn.attached"));
    }
}
