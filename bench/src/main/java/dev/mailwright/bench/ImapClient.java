package dev.mailwright.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal IMAP4rev1 client over a raw socket: tagged commands, literals in responses skipped by count. */
final class ImapClient implements AutoCloseable {
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\+?}$");
    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID \\d+ (\\d+)]");

    record Response(String status, String text, List<String> untagged, long literalBytes) {
        boolean ok() {
            return status.equals("OK");
        }

        Response require(String what) throws IOException {
            if (!ok()) {
                throw new IOException("IMAP " + what + " failed: " + status + " " + text);
            }
            return this;
        }

        /** The UID from a UIDPLUS APPENDUID response code, or -1. */
        long appendUid() {
            Matcher m = APPENDUID.matcher(text);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }
    }

    private final Wire wire;
    private int tagCounter;
    private boolean literalPlus;
    /** Writes a literal and the rest of its line as two writes (Python's imaplib does). */
    private boolean literalEndApart;

    ImapClient(int port) throws IOException {
        this(port, true);
    }

    private ImapClient(int port, boolean noDelay) throws IOException {
        wire = new Wire(port, 300_000, noDelay);
        String greeting = wire.readLine();
        if (!greeting.startsWith("* OK")) {
            throw new IOException("IMAP greeting: " + greeting);
        }
    }

    static ImapClient login(int port, String user, String password) throws IOException {
        ImapClient c = new ImapClient(port);
        c.command("LOGIN " + quote(user) + " " + quote(password)).require("LOGIN " + user);
        Response caps = c.command("CAPABILITY").require("CAPABILITY");
        c.literalPlus = caps.untagged().stream().anyMatch(l -> l.toUpperCase().contains(" LITERAL+"));
        return c;
    }

    /**
     * A client that writes as Python's imaplib does: Nagle's algorithm on, synchronizing literals only, and the
     * literal and the CRLF that ends its line as two writes, so the CRLF waits until the server has acknowledged the
     * literal.
     */
    static ImapClient loginLikeImaplib(int port, String user, String password) throws IOException {
        ImapClient c = new ImapClient(port, false);
        c.literalEndApart = true;
        c.command("LOGIN " + quote(user) + " " + quote(password)).require("LOGIN " + user);
        return c;
    }

    Response command(String command) throws IOException {
        String tag = nextTag();
        wire.write(tag + " " + command + "\r\n");
        wire.flush();
        return readResponse(tag);
    }

    /** APPEND with LITERAL+ when the server offers it (both Dovecot and Mailwright do), else a synchronizing literal. */
    Response append(String mailbox, String flags, byte[] message) throws IOException {
        String tag = nextTag();
        String head = tag + " APPEND " + quote(mailbox) + (flags.isEmpty() ? "" : " (" + flags + ")");
        if (literalPlus) {
            wire.write(head + " {" + message.length + "+}\r\n");
        } else {
            wire.write(head + " {" + message.length + "}\r\n");
            wire.flush();
            String cont = wire.readLine();
            if (!cont.startsWith("+")) {
                return new Response("BAD", "no continuation: " + cont, List.of(), 0);
            }
        }
        wire.write(message);
        if (literalEndApart) {
            wire.flush();
        }
        wire.write("\r\n");
        wire.flush();
        return readResponse(tag);
    }

    /** Enters IDLE and waits for the continuation request. */
    void idle() throws IOException {
        String tag = nextTag();
        wire.write(tag + " IDLE\r\n");
        wire.flush();
        String line;
        do {
            line = wire.readLine();
            if (line.startsWith(tag + " ")) {
                throw new IOException("IDLE refused: " + line);
            }
        } while (!line.startsWith("+"));
    }

    private Response readResponse(String tag) throws IOException {
        List<String> untagged = new ArrayList<>();
        long literalBytes = 0;
        while (true) {
            String first = wire.readLine();
            String s = first;
            if (first.endsWith("}")) {   // only such a line can announce a literal: no regex over every line
                StringBuilder line = new StringBuilder(first);
                Matcher m = LITERAL.matcher(line);
                while (m.find()) {
                    long n = Long.parseLong(m.group(1));
                    literalBytes += wire.skip(n);
                    String next = wire.readLine();
                    line.append("<literal>").append(next);
                    m = LITERAL.matcher(next.endsWith("}") ? line : "");
                }
                s = line.toString();
            }
            if (s.startsWith(tag + " ")) {
                String rest = s.substring(tag.length() + 1);
                int sp = rest.indexOf(' ');
                String status = sp < 0 ? rest : rest.substring(0, sp);
                return new Response(status.toUpperCase(), sp < 0 ? "" : rest.substring(sp + 1), untagged, literalBytes);
            }
            untagged.add(s);
        }
    }

    private String nextTag() {
        return "b" + (++tagCounter);
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Sends DONE or LOGOUT without waiting long: used when tearing down many connections. */
    void sendRaw(String line) throws IOException {
        wire.write(line + "\r\n");
        wire.flush();
    }

    @Override
    public void close() {
        try {
            wire.setReadTimeout(5_000);
            command("LOGOUT");
        } catch (IOException e) {
            // the server may already have closed after BYE; nothing to report for a benchmark teardown
            System.err.println("LOGOUT: " + e.getMessage());
        } finally {
            wire.close();
        }
    }
}
