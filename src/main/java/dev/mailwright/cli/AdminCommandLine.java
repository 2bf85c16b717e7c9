package dev.mailwright.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.springframework.util.unit.DataSize;

import dev.mailwright.admin.AdminOperations;
import dev.mailwright.admin.AdminOperations.AccountRow;
import dev.mailwright.admin.DnsRecords;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.OutboundQueue;
import dev.mailwright.store.Quota;
import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.StoreException;
import dev.mailwright.store.integrity.IntegrityCheck;
import dev.mailwright.store.integrity.IntegrityReport;

/**
 * {@code mailwright admin ...}: the admin operations for scripts. Lists print one tab-separated line per item. Exit
 * codes: {@link #OK}, {@link #REFUSED} (the operation was not possible, message on stderr), {@link #USAGE}.
 * Passwords are never taken from the command line (they would show in {@code ps}): {@code --password-stdin} reads one line.
 */
public final class AdminCommandLine {
    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;

    static final String HELP = """
            usage: mailwright admin <command>
              domain list | add <domain> | remove <domain> | dns <domain>
              account list
              account add <address> --password-stdin [--admin] [--quota-bytes <size|none>] [--quota-messages <n|none>]
              account password <address> --password-stdin
              account enable|disable <address>
              account promote|demote <address>          (admin flag on/off)
              account quota <address> [--bytes <size|none>] [--messages <n|none>]
              alias list | add <source|@domain> <account-or-external-address> | remove <source>
              queue list | retry <id> | delete <id>
              share list <owner> <mailbox> | set <owner> <mailbox> <address|anyone> <rights|+rights|-rights>
                  | remove <owner> <mailbox> <address|anyone>   (IMAP ACL, rights from lrswipkxtea)
              check [--repair] [--blobs none|exists|hash]   (store integrity; on H2 stop the server first)
            Sizes: 1048576, 500MB, 2GB. Exit codes: 0 done, 1 refused, 2 usage, 3 cannot start.
            check: 0 clean or everything repaired, 1 damage remains (each finding printed on one line).""";

    private final AdminOperations ops;
    private final DnsRecords dns;
    private final IntegrityCheck integrity;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    public AdminCommandLine(AdminOperations ops, DnsRecords dns, InputStream in, PrintStream out, PrintStream err) {
        this(ops, dns, null, in, out, err);
    }

    /** {@code integrity}: null when this command line has no store check (then {@code check} is refused). */
    public AdminCommandLine(AdminOperations ops, DnsRecords dns, IntegrityCheck integrity, InputStream in, PrintStream out,
                            PrintStream err) {
        this.ops = ops;
        this.dns = dns;
        this.integrity = integrity;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** A wrong command line; the message says what is wrong. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    public int run(List<String> args) {
        try {
            Parsed p = Parsed.of(args);
            switch (p.word(0, "a command")) {
                case "domain" -> domain(p);
                case "account" -> account(p);
                case "alias" -> alias(p);
                case "queue" -> queue(p);
                case "share" -> share(p);
                case "check" -> {
                    return check(p);
                }
                case "help", "--help", "-h" -> out.println(HELP);
                default -> throw new UsageException("unknown command " + p.positional().getFirst());
            }
            return OK;
        } catch (UsageException e) {
            err.println("mailwright admin: " + e.getMessage());
            err.println(HELP);
            return USAGE;
        } catch (IllegalArgumentException | IllegalStateException | NoSuchElementException | StoreException e) {
            err.println("mailwright admin: " + e.getMessage());
            return REFUSED;
        }
    }

    private void domain(Parsed p) {
        p.allow(Set.of());
        switch (p.word(1, "domain list|add|remove|dns")) {
            case "list" -> ops.domains().forEach(out::println);
            case "add" -> {
                ops.addDomain(p.last(2, "a domain"));
                out.println("added domain " + p.word(2, ""));
            }
            case "remove" -> {
                ops.removeDomain(p.last(2, "a domain"));
                out.println("removed domain " + p.word(2, ""));
            }
            case "dns" -> dns.forDomain(p.last(2, "a domain")).forEach(r -> out.println(r.zoneLine()));
            default -> throw new UsageException("unknown domain command " + p.word(1, ""));
        }
    }

    private void account(Parsed p) {
        String sub = p.word(1, "account list|add|password|enable|disable|promote|demote|quota");
        switch (sub) {
            case "list" -> {
                p.allow(Set.of());
                p.last(1, "");
                ops.accounts().forEach(a -> out.println(row(a)));
            }
            case "add" -> {
                p.allow(Set.of("--password-stdin", "--admin", "--quota-bytes", "--quota-messages"));
                String address = p.last(2, "an address");
                String password = password(p);
                Optional<Quota> quota = p.has("--quota-bytes") || p.has("--quota-messages")
                        ? Optional.of(new Quota(p.size("--quota-bytes"), p.count("--quota-messages"))) : Optional.empty();
                AccountRow row = ops.createAccount(address, password,
                        p.has("--admin") ? AdminOperations.Role.ADMIN : AdminOperations.Role.USER, quota);
                out.println(row(row));
            }
            case "password" -> {
                p.allow(Set.of("--password-stdin"));
                String address = p.last(2, "an address");
                ops.resetPassword(address, password(p));
                out.println("password changed for " + address);
            }
            case "enable", "disable" -> {
                p.allow(Set.of());
                String address = p.last(2, "an address");
                ops.setEnabled(address, sub.equals("enable") ? AdminOperations.Status.ENABLED : AdminOperations.Status.DISABLED);
                out.println(row(ops.account(address)));
            }
            case "promote", "demote" -> {
                p.allow(Set.of());
                String address = p.last(2, "an address");
                ops.setRole(address, sub.equals("promote") ? AdminOperations.Role.ADMIN : AdminOperations.Role.USER);
                out.println(row(ops.account(address)));
            }
            case "quota" -> {
                p.allow(Set.of("--bytes", "--messages"));
                String address = p.last(2, "an address");
                Quota current = ops.account(address).usage().limits();
                Quota quota = new Quota(p.has("--bytes") ? p.size("--bytes") : current.storageBytes(),
                        p.has("--messages") ? p.count("--messages") : current.messages());
                ops.setQuota(address, quota);
                out.println(row(ops.account(address)));
            }
            default -> throw new UsageException("unknown account command " + sub);
        }
    }

    private void alias(Parsed p) {
        p.allow(Set.of());
        switch (p.word(1, "alias list|add|remove")) {
            case "list" -> ops.aliases().forEach(a -> out.println(a.source() + "\t" + kind(a.destination()) + "\t" + ops.describe(a.destination())));
            case "add" -> {
                String source = p.word(2, "a source address");
                ops.addAlias(source, p.last(3, "a target address"));
                out.println("added alias " + source);
            }
            case "remove" -> {
                ops.removeAlias(p.last(2, "a source address"));
                out.println("removed alias " + p.word(2, ""));
            }
            default -> throw new UsageException("unknown alias command " + p.word(1, ""));
        }
    }

    /** Shared mailboxes: the owner's ACL, set on the owner's behalf (see README, Shared mailboxes). */
    private void share(Parsed p) {
        p.allow(Set.of());
        switch (p.word(1, "share list|set|remove")) {
            case "list" -> {
                String owner = p.word(2, "the owner's address");
                ops.acl(owner, p.last(3, "a mailbox")).forEach(e -> out.println(e.identifier() + "\t" + e.rights().letters()));
            }
            case "set" -> {
                String owner = p.word(2, "the owner's address");
                String mailbox = p.word(3, "a mailbox");
                String identifier = p.word(4, "an address or anyone");
                ops.share(owner, mailbox, identifier, p.last(5, "rights"));
                out.println("shared " + mailbox + " of " + owner + " with " + identifier);
            }
            case "remove" -> {
                String owner = p.word(2, "the owner's address");
                String mailbox = p.word(3, "a mailbox");
                String identifier = p.last(4, "an address or anyone");
                ops.unshare(owner, mailbox, identifier);
                out.println("removed " + identifier + " from " + mailbox + " of " + owner);
            }
            default -> throw new UsageException("unknown share command " + p.word(1, ""));
        }
    }

    private static String kind(AccountStore.Destination destination) {
        return switch (destination) {
            case AccountStore.Destination.Local local -> "account";
            case AccountStore.Destination.Forward forward -> "forward";
        };
    }

    private void queue(Parsed p) {
        p.allow(Set.of());
        switch (p.word(1, "queue list|retry|delete")) {
            case "list" -> {
                for (OutboundQueue.Entry e : ops.queue()) {
                    out.println(e.id() + "\t" + e.sender() + "\t" + e.recipient() + "\t" + e.attempts() + "\t" + e.nextAttemptAt()
                            + "\t" + e.lastError().orElse("").replace('\t', ' ').replace('\n', ' '));
                }
            }
            case "retry" -> {
                long id = p.id(2);
                ops.retryNow(id);
                out.println("entry " + id + " is due now");
            }
            case "delete" -> {
                long id = p.id(2);
                ops.deleteQueued(id);
                out.println("deleted entry " + id);
            }
            default -> throw new UsageException("unknown queue command " + p.word(1, ""));
        }
    }

    private int check(Parsed p) {
        p.allow(Set.of("--repair", "--blobs"));
        p.last(0, "");
        if (integrity == null) {
            throw new IllegalStateException("the integrity check is not available here");
        }
        MailwrightProperties.Integrity.BlobCheck depth;
        try {
            depth = p.has("--blobs") ? MailwrightProperties.Integrity.BlobCheck.valueOf(p.options().get("--blobs").toUpperCase(java.util.Locale.ROOT))
                    : null;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--blobs takes none, exists or hash");
        }
        boolean repair = p.has("--repair");
        IntegrityReport report = depth == null ? integrity.run(repair) : integrity.run(repair, depth);
        report.findings().forEach(f -> out.println(f.line()));
        out.println(report.summary());
        return report.unrepaired() ? REFUSED : OK;
    }

    private String password(Parsed p) {
        if (!p.has("--password-stdin")) {
            throw new UsageException("give the password on standard input with --password-stdin");
        }
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("no password on standard input");
            }
            return line;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the password from standard input: " + e.getMessage(), e);
        }
    }

    static String row(AccountRow a) {
        Quota limits = a.usage().limits();
        return a.address() + "\t" + (a.admin() ? "admin" : "user") + "\t" + (a.enabled() ? "enabled" : "disabled")
                + "\t" + a.usage().storageBytes() + "/" + limit(limits.storageBytes()) + " bytes"
                + "\t" + a.usage().messages() + "/" + limit(limits.messages()) + " messages";
    }

    private static String limit(OptionalLong limit) {
        return limit.isPresent() ? Long.toString(limit.getAsLong()) : "unlimited";
    }

    /** Positional words and {@code --options} (an option in {@link #VALUED} takes the next word as its value). */
    record Parsed(List<String> positional, Map<String, String> options) {
        private static final Set<String> VALUED = Set.of("--quota-bytes", "--quota-messages", "--bytes", "--messages", "--blobs");

        static Parsed of(List<String> args) {
            List<String> positional = new ArrayList<>();
            Map<String, String> options = new HashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.startsWith("--")) {
                    if (VALUED.contains(a)) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException(a + " needs a value");
                        }
                        options.put(a, args.get(++i));
                    } else {
                        options.put(a, "");
                    }
                } else {
                    positional.add(a);
                }
            }
            return new Parsed(positional, options);
        }

        String word(int index, String what) {
            if (index >= positional.size()) {
                throw new UsageException("missing " + what);
            }
            return positional.get(index);
        }

        /** The word at {@code index}, which must be the last one. */
        String last(int index, String what) {
            if (positional.size() > index + 1) {
                throw new UsageException("unexpected " + positional.get(index + 1));
            }
            return index < positional.size() ? positional.get(index) : word(index, what);
        }

        long id(int index) {
            String word = last(index, "a queue entry id");
            if (!word.matches("\\d{1,18}")) {
                throw new UsageException("not a queue entry id: " + word);
            }
            return Long.parseLong(word);
        }

        void allow(Set<String> allowed) {
            for (String option : options.keySet()) {
                if (!allowed.contains(option)) {
                    throw new UsageException("unknown option " + option);
                }
            }
        }

        boolean has(String option) {
            return options.containsKey(option);
        }

        OptionalLong size(String option) {
            String value = options.get(option);
            if (value == null || value.equalsIgnoreCase("none")) {
                return OptionalLong.empty();
            }
            try {
                return OptionalLong.of(DataSize.parse(value).toBytes());
            } catch (IllegalArgumentException e) {
                throw new UsageException("not a size for " + option + ": " + value);
            }
        }

        OptionalLong count(String option) {
            String value = options.get(option);
            if (value == null || value.equalsIgnoreCase("none")) {
                return OptionalLong.empty();
            }
            if (!value.matches("\\d{1,18}")) {
                throw new UsageException("not a number for " + option + ": " + value);
            }
            return OptionalLong.of(Long.parseLong(value));
        }
    }
}
