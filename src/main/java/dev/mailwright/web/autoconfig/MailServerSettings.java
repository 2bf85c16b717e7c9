package dev.mailwright.web.autoconfig;

import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;

/** The published host and ports of the mail listeners, as every autoconfig format states them. */
@Component
class MailServerSettings {
    private final MailwrightProperties properties;

    MailServerSettings(MailwrightProperties properties) {
        this.properties = properties;
    }

    String hostname() {
        return properties.publicHostname();
    }

    int imaps() {
        return properties.publicImapsPort();
    }

    int imap() {
        return properties.publicImapPort();
    }

    int submissions() {
        return properties.publicSubmissionsPort();
    }

    int submission() {
        return properties.publicSubmissionPort();
    }

    int pop3s() {
        return properties.publicPop3sPort();
    }

    int pop3() {
        return properties.publicPop3Port();
    }

    boolean isLocalDomain(String domain) {
        return properties.domains().contains(domain);
    }

    String primaryDomain() {
        return properties.primaryDomain();
    }
}
