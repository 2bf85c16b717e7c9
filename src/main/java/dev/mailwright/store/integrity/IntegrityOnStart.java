package dev.mailwright.store.integrity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.CleanStop;

/**
 * Runs the {@link IntegrityCheck} once every bean exists (Flyway has migrated) and before any lifecycle starts, so no
 * listener accepts a connection while the store is being checked or repaired ({@code mailwright.integrity.on-start}).
 * A failing check does not stop the server: it logs why, and mail is served as it is. Skipped when the H2 store is as
 * a clean stop left it ({@link CleanStop}, {@code mailwright.integrity.skip-after-clean-stop}); only a check that
 * passed (or was skipped so) lets this run's stop be recorded, so one that left anything unrepaired, or failed, or
 * was switched off, is followed by a check at the next start.
 */
@Component
class IntegrityOnStart implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(IntegrityOnStart.class);

    private final IntegrityCheck check;
    private final MailwrightProperties.Integrity settings;
    private final CleanStop cleanStop;

    IntegrityOnStart(IntegrityCheck check, MailwrightProperties properties, CleanStop cleanStop) {
        this.check = check;
        this.settings = properties.integrity();
        this.cleanStop = cleanStop;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!settings.onStart()) {
            return;
        }
        if (settings.skipAfterCleanStop() && cleanStop.storeUntouched()) {
            log.info("Integrity check skipped: the store is as the clean stop at {} left it", cleanStop.untouchedSince().orElseThrow());
            cleanStop.checkedAtStart();
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
            if (!report.unrepaired()) {
                cleanStop.checkedAtStart();
            }
        } catch (RuntimeException e) {
            log.error("Integrity check at start failed; serving the store as it is", e);
        }
    }
}
