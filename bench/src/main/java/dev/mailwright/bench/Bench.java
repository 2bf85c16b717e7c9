package dev.mailwright.bench;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The load generator's entry point: {@code java -jar mailwright-bench.jar <scenario> --server=<label> [flags]}.
 * Every scenario talks only to 127.0.0.1 and is bounded in message count and time. See docs/BENCHMARKS.md.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            usage();
            System.exit(2);
        }
        Args args = new Args(argv, 1);
        try {
            switch (argv[0]) {
                case "smtp-ingest" -> SmtpIngest.run(Target.from(args));
                case "imap-single" -> ImapSingle.run(Target.from(args));
                case "imap-mixed" -> ImapMixed.run(Target.from(args));
                case "big-mailbox" -> BigMailbox.run(Target.from(args));
                case "maildir-fill" -> BigMailbox.maildirFill(args);
                case "sort-search" -> SortSearch.run(Target.from(args));
                case "sort-search-fill" -> SortSearch.maildirFill(args);
                case "idle-memory" -> IdleMemory.run(Target.from(args));
                case "wait-ports" -> WaitPorts.run(args, new Out(args.required("server"),
                        args.string("out", "").isEmpty() ? null : Path.of(args.string("out", ""))));
                case "report" -> Report.run(args);
                default -> {
                    usage();
                    System.exit(2);
                }
            }
        } catch (Exception e) {
            System.err.println(argv[0] + " " + Arrays.toString(Arrays.copyOfRange(argv, 1, argv.length))
                    + " FAILED: " + e);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                System.err.println("  caused by: " + cause);
            }
            System.exit(1);
        }
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar mailwright-bench.jar <command> --server=<label> [--out=results.tsv] [flags]
                commands (sizes in brackets are the defaults; --quick divides them by ten):
                  smtp-ingest  --smtp-port --size=2048 --connections=20 --messages=[5000] [--maildir-root=DIR] [--jvm-pid=PID]
                               [--db-proc-prefix=postgres: the database's CPU per message too]
                  imap-single  --imap-port --appends=[5000] --bodies=[1000] --size=4096 --repeats=5 (warm rounds) --sync-appends=100
                  imap-mixed   --imap-port --clients=10 --seconds=[30] --seed=100
                  big-mailbox  --imap-port --messages=[100000] --writers=4
                  sort-search  --imap-port --messages=[100000] --writers=4 [--no-fill]
                  sort-search-fill --dir=MAILDIR --to=ADDRESS --messages=[100000]
                  idle-memory  --imap-port --connections=[2000] (--jvm-pid=PID | --proc-prefix=dovecot)
                  wait-ports   --ports=a,b,c --start-ms=EPOCH_MS [--timeout-seconds=180]
                  report       --in=results.tsv[,more.tsv]
                common: --domain=bench.test --password=bench-password --max-seconds=900""");
    }
}
