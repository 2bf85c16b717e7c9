package dev.mailwright.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.mailwright.MailwrightApplication;
import dev.mailwright.admin.AdminOperations;
import dev.mailwright.admin.DnsRecords;
import dev.mailwright.config.ForcedProperties;
import dev.mailwright.store.integrity.IntegrityCheck;

/**
 * Runs {@code java -jar mailwright.jar admin ...}: the application context against the configured database, with the
 * web server not listening ({@code server.port=-1}), without any mail listener and without outbound delivery, then one {@link AdminCommandLine} command.
 * Arguments of the form {@code --some.property=value} configure the context (as for the server); the rest is the
 * command. The overrides are command-line properties, so no environment variable can turn a listener back on.
 */
public final class AdminLauncher {
    static final List<String> QUIET = List.of(
            "--mailwright.smtp.port=0", "--mailwright.submission.port=0", "--mailwright.submissions.port=0",
            "--mailwright.imap.port=0", "--mailwright.imaps.port=0", "--mailwright.delivery.workers=0",
            "--mailwright.storage.blob-sweep-interval=0s", "--server.port=-1", "--spring.main.banner-mode=off",
            "--spring.main.log-startup-info=false", "--logging.level.root=WARN", "--mailwright.integrity.on-start=false");

    /** The configuration is wrong or the database cannot be opened (an H2 file the running server holds, say). */
    public static final int CANNOT_START = 3;

    private AdminLauncher() {
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** {@code args}: what followed {@code admin}. Returns the exit code. */
    public static int launch(String[] args, InputStream in, PrintStream out, PrintStream err) {
        List<String> properties = new ArrayList<>();
        List<String> command = new ArrayList<>();
        for (String arg : args) {
            (isProperty(arg) ? properties : command).add(arg);
        }
        if (command.isEmpty() || command.getFirst().equals("help") || command.contains("--help")) {
            (command.isEmpty() ? err : out).println(AdminCommandLine.HELP);
            return command.isEmpty() ? AdminCommandLine.USAGE : AdminCommandLine.OK;
        }
        List<String> springArgs = ForcedProperties.over(properties, QUIET);
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(MailwrightApplication.class).run(springArgs.toArray(String[]::new));
        } catch (RuntimeException e) {
            err.println("mailwright admin: cannot start (configuration or database): " + rootMessage(e));
            return CANNOT_START;
        }
        try (context) {
            return new AdminCommandLine(context.getBean(AdminOperations.class), context.getBean(DnsRecords.class),
                    context.getBean(IntegrityCheck.class), in, out, err).run(command);
        }
    }

    /** {@code --mailwright.data-dir=/x}, {@code --spring.datasource.url=...}: a dotted key with a value. */
    static boolean isProperty(String arg) {
        int eq = arg.indexOf('=');
        return arg.startsWith("--") && eq > 2 && arg.substring(2, eq).contains(".");
    }

}
