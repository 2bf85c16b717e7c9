package dev.mailwright.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Part of scenario 4 for Mailwright only: the webmail's first page of the big INBOX, as a signed-in browser
 * asks for it (form login with the CSRF token, then {@code GET /mail/{id}}). One cold request, then the
 * median of {@code web-requests} warm ones; loopback HTTP, so the time is essentially server time.
 */
final class WebmailFirstPage {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern INBOX_PATH = Pattern.compile("/mail/\\d+");

    private WebmailFirstPage() {
    }

    static void measure(Target t, String scenario, int webPort, String user, int messages) throws Exception {
        String base = "http://127.0.0.1:" + webPort;
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
        String loginPage = get(http, base + "/login").body();
        Matcher token = CSRF.matcher(loginPage);
        ImapSingle.check(token.find(), "the login page should carry a CSRF token");
        String form = "username=" + enc(user) + "&password=" + enc(t.password()) + "&_csrf=" + enc(token.group(1));
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher inbox = INBOX_PATH.matcher(signedIn.uri().getPath());
        ImapSingle.check(signedIn.statusCode() == 200 && inbox.matches(),
                "sign-in should land on the INBOX, got " + signedIn.statusCode() + " " + signedIn.uri());
        String page = base + inbox.group();

        long start = System.nanoTime();
        HttpResponse<String> cold = get(http, page);
        t.out().emit(scenario, "webmail_first_page_cold_ms", Stats.millisSince(start), "ms", Out.Better.LOWER);
        ImapSingle.check(cold.statusCode() == 200 && cold.body().contains("data-uid=\"" + messages + "\""),
                "the first page should list the newest message, UID " + messages);
        int requests = t.args().integer("web-requests", 21);
        long[] samples = new long[requests];
        for (int i = 0; i < requests; i++) {
            start = System.nanoTime();
            HttpResponse<String> warm = get(http, page);
            samples[i] = System.nanoTime() - start;
            ImapSingle.check(warm.statusCode() == 200, "first page answered " + warm.statusCode());
        }
        t.out().emit(scenario, "webmail_first_page_ms", Stats.percentileMillis(samples, 50), "ms", Out.Better.LOWER);
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
