package dev.mailwright.store.integrity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;

/**
 * Runs the {@link IntegrityCheck} once every bean exists (Flyway has migrated) and before any lifecycle starts, so no
 * listener accepts a connection while the store is being checked or repaired ({@code mailwright.integrity.on-start}).
 * A failing check does not stop the server: it logs why, and mail is served as it is.
 */
@Component
class IntegrityOnStart implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(IntegrityOnStart.class);

    private final IntegrityCheck check;
    private final MailwrightProperties.Integrity settings;

    IntegrityOnStart(IntegrityCheck check, MailwrightProperties properties) {
        this.check = check;
        this.settings = properties.integrity();
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!settings.onStart()) {
            return;
        }
        try {
            IntegrityReport report = check.run(settings.repair());
            if (report.clean()) {
                log.info("Integrity check: {}", report.summary());
            } else {
                log.warn("Integrity check: {}{}", report.summary(),
                        report.unrepaired() ? " (run `mailwright admin check --repair` with the server stopped, or enable mailwright.integrity.repair)" : "");
            }
        } catch (RuntimeException e) {
            log.error("Integrity check at start failed; serving the store as it is", e);
        }
    }
}
