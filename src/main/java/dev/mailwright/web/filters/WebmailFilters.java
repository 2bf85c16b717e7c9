package dev.mailwright.web.filters;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.mailwright.sieve.SieveException;
import dev.mailwright.sieve.SieveLimits;
import dev.mailwright.sieve.SieveScript;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.SieveScripts;
import dev.mailwright.web.filters.WebmailScript.VacationInScript;

/**
 * What the Filters, Vacation and raw editor pages do with an account's scripts, over the same
 * {@link SieveScripts} ManageSieve uses. The pages own one script, {@value WebmailScript#NAME}; they never
 * overwrite a script they did not write.
 */
@Component
class WebmailFilters {
    private static final Logger log = LoggerFactory.getLogger(WebmailFilters.class);
    private final SieveScripts scripts;
    private final SieveLimits limits;
    private final Clock clock;

    @Autowired
    WebmailFilters(SieveScripts scripts, SieveLimits limits) {
        this(scripts, limits, Clock.systemDefaultZone());
    }

    WebmailFilters(SieveScripts scripts, SieveLimits limits, Clock clock) {
        this.scripts = scripts;
        this.limits = limits;
        this.clock = clock;
    }

    SieveLimits limits() {
        return limits;
    }

    /**
     * @param settings the pages' rules and vacation reply (empty ones when the pages have written nothing yet)
     * @param foreign  a script the pages did not write that is active (or that sits under the pages' own name):
     *                 while there is one, the pages show it instead of their forms
     * @param active   the active script's name, if any
     */
    record Status(WebmailScript settings, Optional<SieveScripts.Script> foreign, Optional<String> active) {
        public boolean editable() {
            return foreign.isEmpty();
        }
    }

    Status status(AccountId account) {
        Optional<SieveScripts.Script> own = scripts.get(account, WebmailScript.NAME);
        Optional<WebmailScript> readable = own.flatMap(s -> WebmailScript.read(s.content()));
        Optional<SieveScripts.Script> active = scripts.active(account);
        WebmailScript settings = readable.orElse(new WebmailScript(List.of(), VacationReply.OFF, VacationInScript.OMITTED));
        Optional<SieveScripts.Script> foreign;
        if (active.isPresent() && !(active.get().name().equals(WebmailScript.NAME) && readable.isPresent())) {
            foreign = active;
        } else if (own.isPresent() && readable.isEmpty()) {
            foreign = own;
        } else {
            foreign = Optional.empty();
        }
        return new Status(settings, foreign, active.map(SieveScripts.Script::name));
    }

    /** Writes and activates the pages' script. False (nothing written) when a foreign script is in the way. */
    boolean save(AccountId account, List<FilterRule> rules, VacationReply vacation) {
        if (!status(account).editable()) {
            return false;
        }
        write(account, rules, vacation);
        scripts.activate(account, Optional.of(WebmailScript.NAME));
        return true;
    }

    /**
     * The user chose the pages over the foreign script: that script stays stored, inactive; a hand-edited script
     * under the pages' own name is kept under a new name first. The pages' last readable settings are written.
     */
    void takeOver(AccountId account) {
        Status status = status(account);
        Optional<SieveScripts.Script> own = scripts.get(account, WebmailScript.NAME);
        if (own.isPresent() && WebmailScript.read(own.get().content()).isEmpty()) {
            String kept = WebmailScript.NAME + "-edited-" + LocalDateTime.now(clock).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            scripts.rename(account, WebmailScript.NAME, kept);
        }
        write(account, status.settings().rules(), status.settings().vacation());
        scripts.activate(account, Optional.of(WebmailScript.NAME));
    }

    private void write(AccountId account, List<FilterRule> rules, VacationReply vacation) {
        WebmailScript script = new WebmailScript(rules, vacation, vacationInScript(vacation));
        String text = script.text();
        try {
            SieveScript.compile(text, limits);
        } catch (SieveException e) {
            // the forms check every field, so this is a size limit (or a bug): nothing is stored
            throw new ScriptRefused(e);
        }
        scripts.put(account, WebmailScript.NAME, text);
    }

    /** The generated script does not compile (in practice: larger than mailwright.sieve.max-script-size). */
    static final class ScriptRefused extends RuntimeException {
        ScriptRefused(SieveException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The period, when there is one, goes into the script as {@code currentdate} tests (RFC 5260). */
    static VacationInScript vacationInScript(VacationReply vacation) {
        if (!vacation.enabled()) {
            return VacationInScript.OMITTED;
        }
        return vacation.start().isEmpty() && vacation.end().isEmpty() ? VacationInScript.ALWAYS : VacationInScript.DATED;
    }
}
