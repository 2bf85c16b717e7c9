package dev.mailwright.managesieve;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

import dev.mailwright.managesieve.ManageSieveCommand.CheckScript;
import dev.mailwright.managesieve.ManageSieveCommand.DeleteScript;
import dev.mailwright.managesieve.ManageSieveCommand.GetScript;
import dev.mailwright.managesieve.ManageSieveCommand.HaveSpace;
import dev.mailwright.managesieve.ManageSieveCommand.ListScripts;
import dev.mailwright.managesieve.ManageSieveCommand.PutScript;
import dev.mailwright.managesieve.ManageSieveCommand.RenameScript;
import dev.mailwright.managesieve.ManageSieveCommand.Script;
import dev.mailwright.managesieve.ManageSieveCommand.ScriptCommand;
import dev.mailwright.managesieve.ManageSieveCommand.SetActive;
import dev.mailwright.sieve.SieveException;
import dev.mailwright.sieve.SieveScript;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.SieveScripts;
import dev.mailwright.store.StoreException;

/**
 * The script commands of RFC 5804 §2.5-2.12 for one authenticated account, through {@link SieveScripts}. A script is
 * compiled with delivery's limits before it is stored or activated; a script that does not compile is answered with
 * the compiler's {@code line L, column C: ...} message and never stored (RFC 5804 §2.6). Returns the complete response
 * or throws a {@link Refusal}.
 */
final class ScriptCommands {
    /** The store's name column holds 255 characters. */
    static final int MAX_NAME_LENGTH = 255;

    private final ManageSieveServer server;

    ScriptCommands(ManageSieveServer server) {
        this.server = server;
    }

    byte[] handle(ScriptCommand command, AccountId account) {
        return switch (command) {
            case HaveSpace h -> haveSpace(account, h);
            case PutScript p -> put(account, p);
            case CheckScript c -> {
                compile(c.script());
                yield ManageSieveResponses.ok("Script is valid");
            }
            case ListScripts l -> list(account);
            case SetActive s -> setActive(account, s.name());
            case GetScript g -> get(account, g.name());
            case DeleteScript d -> delete(account, d.name());
            case RenameScript r -> rename(account, r);
        };
    }

    private SieveScripts scripts() {
        return server.scripts();
    }

    private byte[] haveSpace(AccountId account, HaveSpace command) {
        checkName(command.name());
        checkSize(command.size());
        if (scripts().get(account, command.name()).isEmpty() && scripts().count(account) >= server.maxScripts()) {
            throw tooManyScripts();
        }
        return ManageSieveResponses.ok("Putscript would succeed");
    }

    private byte[] put(AccountId account, PutScript command) {
        checkName(command.name());
        compile(command.script());
        if (scripts().put(account, command.name(), command.script().text(), server.maxScripts())
                == SieveScripts.PutOutcome.TOO_MANY_SCRIPTS) {
            throw tooManyScripts();
        }
        return ManageSieveResponses.ok("Script stored");
    }

    private Refusal tooManyScripts() {
        return Refusal.no(ResponseCode.QUOTA_MAXSCRIPTS, "An account may keep at most " + server.maxScripts() + " scripts");
    }

    private void checkSize(long octets) {
        if (octets > server.sieveLimits().maxScriptBytes()) {
            throw Refusal.no(ResponseCode.QUOTA_MAXSIZE,
                    "A script may have at most " + server.sieveLimits().maxScriptBytes() + " octets");
        }
    }

    /** Refuses a script that is too large or does not compile, with the compiler's position and reason. */
    private void compile(Script script) {
        checkSize(script.octets());
        if (script.text().indexOf('\0') >= 0) {
            throw Refusal.no("The script contains a NUL character");
        }
        try {
            SieveScript.compile(script.text(), server.sieveLimits());
        } catch (SieveException e) {
            throw Refusal.no(e.getMessage());
        }
    }

    private byte[] list(AccountId account) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (SieveScripts.Script script : scripts().list(account)) {
            ManageSieveResponses.string(out, script.name());
            ManageSieveResponses.write(out, script.active() ? " ACTIVE\r\n" : "\r\n");
        }
        out.writeBytes(ManageSieveResponses.ok("Listscripts completed"));
        return out.toByteArray();
    }

    private byte[] setActive(AccountId account, String name) {
        if (name.isEmpty()) {
            scripts().activate(account, Optional.empty());
            return ManageSieveResponses.ok("No script is active now");
        }
        checkName(name);
        SieveScripts.Script script = scripts().get(account, name).orElseThrow(() -> nonexistent(name));
        // compiled again: limits may have changed since it was stored
        compile(new Script(script.content(), script.content().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        if (!scripts().activate(account, Optional.of(name))) {
            throw nonexistent(name);
        }
        return ManageSieveResponses.ok("Script activated");
    }

    private byte[] get(AccountId account, String name) {
        checkName(name);
        SieveScripts.Script script = scripts().get(account, name).orElseThrow(() -> nonexistent(name));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ManageSieveResponses.literal(out, script.content());
        ManageSieveResponses.write(out, "\r\n");
        out.writeBytes(ManageSieveResponses.ok("Getscript completed"));
        return out.toByteArray();
    }

    private byte[] delete(AccountId account, String name) {
        checkName(name);
        try {
            if (!scripts().delete(account, name)) {
                throw nonexistent(name);
            }
        } catch (StoreException.MailboxNotAllowed e) {
            throw Refusal.no(ResponseCode.ACTIVE, "The active script cannot be deleted; deactivate it first");
        }
        return ManageSieveResponses.ok("Script deleted");
    }

    private byte[] rename(AccountId account, RenameScript command) {
        checkName(command.from());
        checkName(command.to());
        try {
            if (!scripts().rename(account, command.from(), command.to())) {
                throw nonexistent(command.from());
            }
        } catch (StoreException.MailboxExists e) {
            throw Refusal.no(ResponseCode.ALREADYEXISTS, "A script named " + command.to() + " exists");
        }
        return ManageSieveResponses.ok("Script renamed");
    }

    private static Refusal nonexistent(String name) {
        return Refusal.no(ResponseCode.NONEXISTENT, "There is no script named " + name);
    }

    /**
     * RFC 5804 §1.6: a name is at least one character and holds no control character (U+0000-001F, U+007F-009F) and
     * no line or paragraph separator (U+2028, U+2029); ours also fit the store's column.
     */
    static void checkName(String name) {
        if (name.isEmpty()) {
            throw Refusal.no("A script name must not be empty");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            throw Refusal.no("A script name may have at most " + MAX_NAME_LENGTH + " characters");
        }
        boolean clean = name.codePoints().noneMatch(c -> c <= 0x1f || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029);
        if (!clean) {
            throw Refusal.no("A script name may not contain control characters or line separators");
        }
    }
}
