package dev.mailwright.bench;

import java.nio.file.Path;

/** The server under test as the load generator sees it: ports on 127.0.0.1 and the shared test accounts. */
record Target(int smtpPort, int imapPort, String domain, String password, Out out, Args args) {

    static Target from(Args args) {
        String out = args.string("out", "");
        return new Target(args.integer("smtp-port", 2525), args.integer("imap-port", 2143),
                args.string("domain", "bench.test"), args.string("password", "bench-password"),
                new Out(args.required("server"), out.isEmpty() ? null : Path.of(out)), args);
    }

    /** SMTP ingest recipients s1..s10; IMAP accounts u1..u10 (u1 single client, u2 big mailbox, u3..u10 load). */
    String smtpRecipient(int i) {
        return "s" + (i % 10 + 1) + "@" + domain;
    }

    String imapUser(int n) {
        return "u" + n + "@" + domain;
    }

    ImapClient imap(int userNumber) throws java.io.IOException {
        return ImapClient.login(imapPort, imapUser(userNumber), password);
    }
}
