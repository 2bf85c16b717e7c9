package dev.mailwright.launch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a training run does to its own server (see {@link TrainingLauncher}): what mail clients and senders do most,
 * often enough that the JIT profiles every step, in the proportions a small organisation's MX sees them, because the
 * server later compiles its mail paths from these profiles first (JEP 515): a workload of large or unusual messages
 * may leave the common ones compiled for the wrong case (stop 29 measured a cache trained by four connections and a
 * third of the messages large or multipart costing 9-16 % more CPU per message than no cache once warm; stop 30's
 * workload, this one, left no such cost: docs/BENCHMARKS.md). So: twenty senders at once, each opening a new
 * connection for one message or a few, to five local accounts; most messages a few KB of plain text over a
 * vocabulary of thousands of words (as distinct per message as real prose), some HTML alternatives with or without
 * an attachment, a few large ones. IMAP sessions then log in, list the mailbox, open bodies, search, change flags,
 * append, expunge and idle; then a person signs in to the webmail and reads ({@link Webmail}). Every exchange is
 * checked: an unexpected reply fails the training (and so no cache is recorded from a run that did not do its work).
 * Bounded: fixed counts, and every socket read and HTTP request times out.
 */
final class TrainingWorkload {
    static final int SMTP_CONNECTIONS = 20;   // senders at once, each with a new connection per visit
    static final int MESSAGES = 4_000;
    static final int IMAP_ROUNDS = 4;
    static final int WEBMAIL_ROUNDS = 4;
    private static final int APPENDS = 150;   // per IMAP round
    private static final int TIMEOUT_MS = 60_000;
    private static final String[] VOCABULARY = vocabulary(6_000);
    private static final double[] ZIPF = zipf(VOCABULARY.length);

    private final int smtpPort;
    private final int imapPort;
    private final int webPort;
    private final String user;
    private final List<String> readers;
    private final String password;
    private final int messages;
    private final int imapRounds;
    private final int webmailRounds;
    private final AtomicInteger numbered = new AtomicInteger();
    private final AtomicInteger toUser = new AtomicInteger();

    /**
     * {@code user}: the account the IMAP sessions use, {@code readers}: the other accounts mail goes to (the same
     * password); {@code messages}: how many to deliver over SMTP; {@code imapRounds}: IMAP sessions;
     * {@code webmailRounds}: webmail sign-ins (each followed by the pages a person opens).
     */
    TrainingWorkload(int smtpPort, int imapPort, int webPort, String user, List<String> readers, String password,
                     int messages, int imapRounds, int webmailRounds) {
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.webPort = webPort;
        this.user = user;
        this.readers = List.copyOf(readers);
        this.password = password;
        this.messages = messages;
        this.imapRounds = imapRounds;
        this.webmailRounds = webmailRounds;
    }

    record Summary(int delivered, int imapCommands, int webmailRequests) {
        @Override
        public String toString() {
            return delivered + " messages delivered over SMTP, " + imapCommands + " IMAP commands, " + webmailRequests
                    + " webmail requests";
        }
    }

    Summary run() throws IOException, InterruptedException {
        int delivered = deliverAll();
        int commands = 0;
        for (int round = 0; round < imapRounds; round++) {
            commands += imapRound(round, toUser.get());
        }
        int requests = 0;
        if (webmailRounds > 0) {
            Webmail webmail = new Webmail(webPort);
            for (int round = 0; round < webmailRounds; round++) {
                requests += webmail.round(round);
            }
        }
        return new Summary(delivered, commands, requests);
    }

    private int deliverAll() throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(SMTP_CONNECTIONS);
        try {
            List<Future<Integer>> parts = new ArrayList<>();
            for (int c = 0; c < SMTP_CONNECTIONS; c++) {
                int sender = c;
                int count = messages / SMTP_CONNECTIONS + (sender < messages % SMTP_CONNECTIONS ? 1 : 0);
                parts.add(pool.submit(() -> deliver(sender, count)));
            }
            int delivered = 0;
            for (Future<Integer> part : parts) {
                delivered += part.get();
            }
            return delivered;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One sender's {@code count} messages: a new connection per visit, most visits one message, some a few. */
    private int deliver(int sender, int count) throws IOException {
        SplittableRandom random = new SplittableRandom(sender);
        int sent = 0;
        while (sent < count) {
            int roll = random.nextInt(100);
            int visit = Math.min(count - sent, roll < 60 ? 1 : roll < 90 ? 2 + random.nextInt(4) : 6 + random.nextInt(15));
            try (Wire wire = new Wire(smtpPort)) {
                wire.expect("220");
                wire.send("EHLO mta" + sender + "." + TrainingDns.senderDomain(sender % TrainingDns.SENDER_DOMAINS));
                wire.expect("250");
                for (int i = 0; i < visit; i++) {
                    int n = numbered.getAndIncrement();
                    // two in five messages to the account the IMAP sessions read, the rest spread over the others
                    boolean forUser = readers.isEmpty() || n % 5 < 2;
                    String recipient = forUser ? user : readers.get(random.nextInt(readers.size()));
                    wire.send("MAIL FROM:<news" + (n % 7) + "@" + TrainingDns.senderDomain(n % TrainingDns.SENDER_DOMAINS) + ">");
                    wire.expect("250");
                    wire.send("RCPT TO:<" + recipient + ">");
                    wire.expect("250");
                    wire.send("DATA");
                    wire.expect("354");
                    wire.sendRaw(dotStuffed(message(random, n, recipient)));   // a Message-ID of its own each
                    wire.send(".");
                    wire.expect("250");
                    if (forUser) {
                        toUser.incrementAndGet();
                    }
                    if (i + 1 < visit && random.nextInt(10) == 0) {
                        wire.send("RSET");   // what some senders do between messages
                        wire.expect("250");
                    }
                }
                wire.send("QUIT");
                wire.expect("221");
            }
            sent += visit;
        }
        return sent;
    }

    /** One IMAP session: the commands a client opening its mailbox, reading, filing and writing runs. */
    private int imapRound(int round, int delivered) throws IOException {
        SplittableRandom random = new SplittableRandom(1000 + round);
        try (Wire wire = new Wire(imapPort)) {
            Imap imap = new Imap(wire);
            wire.expect("* OK");
            imap.ok("CAPABILITY");
            imap.ok("LOGIN \"" + user + "\" \"" + password + "\"");
            imap.ok("ENABLE CONDSTORE");
            imap.ok("LIST \"\" \"*\"");
            imap.ok("STATUS INBOX (MESSAGES UIDNEXT UNSEEN)");
            imap.ok("SELECT INBOX");
            imap.ok("UID FETCH 1:* (UID FLAGS)");
            imap.ok("UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)");
            for (int i = 0; i < 300; i++) {
                long uid = 1 + random.nextInt(delivered);
                imap.ok("UID FETCH " + uid + " (BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE MESSAGE-ID)] BODY.PEEK[TEXT]<0.2048>)");
                imap.ok("UID FETCH " + uid + " (BODY.PEEK[])");
                imap.ok("UID FETCH " + uid + " (BODY.PEEK[1])");
            }
            for (String word : List.of(VOCABULARY[2], VOCABULARY[40], VOCABULARY[900], "zzqx")) {
                imap.ok("UID SEARCH TEXT \"" + word + "\"");
                imap.ok("UID SEARCH FROM \"sender3\" SUBJECT \"" + word + "\"");
            }
            imap.ok("UID SEARCH UNSEEN");
            imap.ok("UID STORE 1:* +FLAGS.SILENT (\\Seen)");
            imap.ok("UID STORE 1:* -FLAGS.SILENT (\\Seen)");
            for (int i = 0; i < 200; i++) {
                imap.ok("UID STORE " + (1 + random.nextInt(delivered)) + " +FLAGS (\\Flagged $Label1)");
            }
            imap.ok("CREATE Archive" + round);
            imap.ok("UID COPY 1:50 Archive" + round);
            for (int i = 0; i < APPENDS; i++) {
                byte[] message = message(random, messages + round * APPENDS + i, user);
                imap.ok("APPEND INBOX (\\Seen) {" + message.length + "+}", message);
            }
            imap.ok("UID STORE " + (delivered + 1) + ":* +FLAGS.SILENT (\\Deleted)");
            imap.ok("EXPUNGE");
            imap.ok("NOOP");
            imap.idle();
            imap.ok("CLOSE");
            imap.ok("LOGOUT");
            return imap.commands;
        }
    }

    /**
     * A message as they come: most a few KB of plain text, some HTML alternatives (a few with an attachment), some
     * tens of KB of text, a few large attachments. Never below 1 KB.
     */
    static byte[] message(SplittableRandom random, int n, String to) {
        int kind = random.nextInt(100);
        boolean html = kind >= 78 && kind < 90;   // 12 %, a third of them with an attachment
        int size = kind < 86 ? 1_200 + random.nextInt(3_800) : kind < 90 ? 2_000 + random.nextInt(6_000)
                : kind < 98 ? 20_000 + random.nextInt(40_000) : 2_000;
        int attachment = kind >= 86 && kind < 90 ? 3_000 + random.nextInt(37_000) : kind >= 98 ? 120_000 : 0;
        String subject = words(random, 3 + random.nextInt(5));
        StringBuilder head = new StringBuilder()
                .append("From: Sender ").append(n % 7).append(" <news").append(n % 7).append("@")
                .append(TrainingDns.senderDomain(n % TrainingDns.SENDER_DOMAINS)).append(">\r\n")
                .append("To: <").append(to).append(">\r\n")
                .append("Subject: ").append(subject).append("\r\n")
                .append("Date: Mon, 7 Dec 2026 10:").append(String.format("%02d", n % 60)).append(":00 +0000\r\n")
                .append("Message-ID: <training.").append(n).append("@sender.example.net>\r\n")
                .append("MIME-Version: 1.0\r\n");
        String text = paragraphs(random, size);
        if (!html && attachment == 0) {
            head.append("Content-Type: text/plain; charset=utf-8\r\n\r\n").append(text);
            return head.toString().getBytes(StandardCharsets.UTF_8);
        }
        String boundary = "b" + n;
        String alternative = "a" + boundary;
        StringBuilder body = new StringBuilder();
        if (html) {
            body.append("Content-Type: multipart/alternative; boundary=\"").append(alternative).append("\"\r\n\r\n--")
                    .append(alternative).append("\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n").append(text)
                    .append("\r\n--").append(alternative).append("\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>")
                    .append(text.replace("\r\n\r\n", "</p><p>"))
                    .append("</p><img src=\"https://images.example.net/t.png\"></body></html>\r\n--").append(alternative).append("--\r\n");
        } else {
            body.append("Content-Type: text/plain; charset=utf-8\r\n\r\n").append(text).append("\r\n");
        }
        if (attachment == 0) {
            head.append(body);
            return head.toString().getBytes(StandardCharsets.UTF_8);
        }
        head.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n\r\n--").append(boundary)
                .append("\r\n").append(body).append("--").append(boundary)
                .append("\r\nContent-Type: application/pdf; name=\"report.pdf\"\r\nContent-Disposition: attachment; filename=\"report.pdf\"\r\n")
                .append("Content-Transfer-Encoding: base64\r\n\r\n");
        byte[] bytes = new byte[attachment];
        random.nextBytes(bytes);
        String encoded = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes);
        head.append(encoded).append("\r\n--").append(boundary).append("--\r\n");
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Lines of about 72 characters, sentences of words drawn by Zipf's law, a blank line between paragraphs. */
    private static String paragraphs(SplittableRandom random, int size) {
        StringBuilder text = new StringBuilder(size + 100);
        int lineStart = 0;
        while (text.length() < size) {
            String sentence = words(random, 5 + random.nextInt(15));
            text.append(Character.toUpperCase(sentence.charAt(0))).append(sentence, 1, sentence.length())
                    .append(random.nextInt(6) == 0 ? "?" : ".");
            if (random.nextInt(5) == 0) {
                text.append("\r\n\r\n");
                lineStart = text.length();
            } else if (text.length() - lineStart > 60) {
                text.append("\r\n");
                lineStart = text.length();
            } else {
                text.append(' ');
            }
        }
        return text.toString();
    }

    private static String words(SplittableRandom random, int count) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < count; i++) {
            line.append(i == 0 ? "" : " ").append(word(random));
        }
        return line.toString();
    }

    /** A word of the vocabulary, the {@code r}-th most common with a probability proportional to 1 / r. */
    private static String word(SplittableRandom random) {
        double target = random.nextDouble() * ZIPF[ZIPF.length - 1];
        int low = 0;
        int high = ZIPF.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (ZIPF[middle] < target) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return VOCABULARY[low];
    }

    /** {@code count} made-up words of one to four syllables, the shorter ones first (common words are short). */
    private static String[] vocabulary(int count) {
        String[] onsets = {"b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v", "w", "br", "st", "tr", "ch", "sh"};
        String[] vowels = {"a", "e", "i", "o", "u", "ea", "ou"};
        String[] codas = {"", "", "n", "r", "s", "t", "l", "nd"};
        SplittableRandom random = new SplittableRandom(42);
        Set<String> words = new LinkedHashSet<>();
        while (words.size() < count) {
            int syllables = 1 + words.size() * 3 / count + random.nextInt(2);
            StringBuilder word = new StringBuilder();
            for (int i = 0; i < syllables; i++) {
                word.append(onsets[random.nextInt(onsets.length)]).append(vowels[random.nextInt(vowels.length)])
                        .append(codas[random.nextInt(codas.length)]);
            }
            words.add(word.toString());
        }
        return words.toArray(String[]::new);
    }

    private static double[] zipf(int count) {
        double[] cumulative = new double[count];
        double sum = 0;
        for (int rank = 1; rank <= count; rank++) {
            sum += 1.0 / rank;
            cumulative[rank - 1] = sum;
        }
        return cumulative;
    }

    private static byte[] dotStuffed(byte[] message) {
        String text = new String(message, StandardCharsets.UTF_8);
        String stuffed = (text.startsWith(".") ? "." : "") + text.replace("\r\n.", "\r\n..");
        return (stuffed.endsWith("\r\n") ? stuffed : stuffed + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A loopback connection exchanging CRLF lines. */
    /**
     * A person in the webmail: signs in, opens the message list and its next pages, reads messages (page and sanitized
     * body), opens the compose form, searches, and signs out. Redirects are followed by hand, so every answer's status
     * is checked: a sign-in that fails or a page that errors fails the training.
     */
    private final class Webmail {
        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
        private static final Pattern MESSAGE_LINK = Pattern.compile("href=\"(/mail/\\d+/\\d+)\"");
        private static final Pattern NEXT_PAGE = Pattern.compile("href=\"(/mail/\\d+\\?before=\\d+[^\"]*)\"");

        private final String base;

        Webmail(int port) {
            this.base = "http://127.0.0.1:" + port;
        }

        /** One sign-in and what follows it; returns the number of requests. Messages: a third of the list, some HTML. */
        int round(int round) throws IOException, InterruptedException {
            int requests = 0;
            try (HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)   // what browsers speak to it; no h2c upgrade
                    .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofMillis(TIMEOUT_MS)).build()) {
                String token = first(CSRF, get(http, "/login", 200), "the sign-in form's CSRF field");
                String signedIn = redirect(send(http, post("/login", "username=" + encoded(user) + "&password="
                        + encoded(password) + "&_csrf=" + encoded(token)), 302));
                requests += 2;
                if (signedIn.contains("error")) {
                    throw new IOException("the webmail refused the training's sign-in: " + signedIn);
                }
                String list = redirect(send(http, request("/").GET().build(), 302));
                requests++;
                String page = get(http, list, 200);
                requests++;
                List<String> messages = all(MESSAGE_LINK, page);
                for (int i = 0; i < 8; i++) {
                    page = get(http, list, 200);
                    requests++;
                    Matcher next = NEXT_PAGE.matcher(page);
                    if (next.find()) {
                        get(http, next.group(1).replace("&amp;", "&"), 200);
                        requests++;
                    }
                }
                for (int i = 0; i < Math.min(12, messages.size()); i++) {
                    String message = messages.get((i * 7 + round) % messages.size());
                    String shown = get(http, message, 200);
                    requests++;
                    if (shown.contains(message + "/body")) {   // an HTML message: its sanitized body in a frame
                        get(http, message + "/body", 200);
                        requests++;
                    }
                }
                get(http, "/compose", 200);
                get(http, "/search?text=" + VOCABULARY[40 + round], 200);
                get(http, list + "?sort=from&dir=asc", 200);
                requests += 3;
                String logoutToken = first(CSRF, page, "the list's CSRF field");
                send(http, post("/logout", "_csrf=" + encoded(logoutToken)), 302);
                requests++;
            }
            return requests;
        }

        private String get(HttpClient http, String path, int status) throws IOException, InterruptedException {
            return send(http, request(path).GET().build(), status).body();
        }

        private HttpResponse<String> send(HttpClient http, HttpRequest request,
                                                        int status) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != status) {
                throw new IOException("webmail " + request.method() + " " + request.uri().getPath() + ": " + response.statusCode()
                        + " instead of " + status);
            }
            return response;
        }

        private HttpRequest post(String path, String form) {
            return request(path).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofMillis(TIMEOUT_MS));
        }

        private String redirect(HttpResponse<String> response) throws IOException {
            String location = response.headers().firstValue("Location")
                    .orElseThrow(() -> new IOException("a webmail redirect without a Location"));
            URI resolved = URI.create(base).resolve(location);
            return resolved.getRawPath() + (resolved.getRawQuery() == null ? "" : "?" + resolved.getRawQuery());
        }

        private static String encoded(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }

        private static String first(Pattern pattern, String page, String what) throws IOException {
            Matcher m = pattern.matcher(page);
            if (!m.find()) {
                throw new IOException("webmail page without " + what);
            }
            return m.group(1);
        }

        private static List<String> all(Pattern pattern, String page) throws IOException {
            List<String> found = new ArrayList<>(new LinkedHashSet<>(pattern.matcher(page).results().map(r -> r.group(1)).toList()));
            if (found.isEmpty()) {
                throw new IOException("a webmail list without messages");
            }
            return found;
        }
    }

    private static final class Wire implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Wire(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(TIMEOUT_MS);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        void send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
        }

        String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("connection closed after \"" + line + "\"");
                }
                if (line.length() > 100_000) {
                    throw new IOException("line too long");
                }
                line.append((char) c);
            }
            return line.toString().stripTrailing();
        }

        void skip(long count) throws IOException {
            long left = count;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed inside a literal");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        /** An SMTP reply (its last line) starting with {@code code}. */
        void expect(String code) throws IOException {
            String line;
            do {
                line = line();
            } while (line.length() > 3 && line.charAt(3) == '-');
            if (!line.startsWith(code)) {
                throw new IOException("expected " + code + ", got \"" + line + "\"");
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Tagged IMAP commands whose untagged answers (literals included) are read and dropped. */
    private static final class Imap {
        private final Wire wire;
        private int commands;

        Imap(Wire wire) {
            this.wire = wire;
        }

        void ok(String command) throws IOException {
            ok(command, null);
        }

        void ok(String command, byte[] literal) throws IOException {
            String tag = "t" + (++commands);
            wire.send(tag + " " + command);
            if (literal != null) {
                wire.sendRaw(literal);
                wire.send("");
            }
            while (true) {
                String line = wire.line();
                while (line.endsWith("}") && line.lastIndexOf('{') >= 0) {
                    wire.skip(Long.parseLong(line.substring(line.lastIndexOf('{') + 1, line.length() - 1)));
                    line = wire.line();
                }
                if (line.startsWith(tag + " ")) {
                    if (!line.startsWith(tag + " OK")) {
                        throw new IOException(command.split(" ")[0] + " answered \"" + line + "\"");
                    }
                    return;
                }
            }
        }

        void idle() throws IOException {
            String tag = "t" + (++commands);
            wire.send(tag + " IDLE");
            String line = wire.line();
            if (!line.startsWith("+")) {
                throw new IOException("IDLE answered \"" + line + "\"");
            }
            wire.send("DONE");
            while (!(line = wire.line()).startsWith(tag + " ")) {
                // untagged updates
            }
            if (!line.startsWith(tag + " OK")) {
                throw new IOException("IDLE ended with \"" + line + "\"");
            }
        }
    }
}
