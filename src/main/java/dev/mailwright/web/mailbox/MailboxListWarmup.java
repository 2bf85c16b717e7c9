package dev.mailwright.web.mailbox;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.stereotype.Component;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.View;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.web.Folders;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Once the server is ready, renders the message list's template with made-up rows until a render is fast (issue 17:
 * the first lists after a start took 180–400 ms, most of it the template engine's and SpEL's first runs, against
 * 7–9 ms warm). In this process, through the same view the controller returns, against a request and response that exist only
 * here: no socket, no session, no account, nothing stored is read and the output is dropped. Stops after
 * {@link #MAX_RENDERS} renders, after {@link #BUDGET}, or once one render takes less than {@link #WARM}; on a virtual
 * thread of its own, so it delays nobody; a failure only costs the warm-up. {@code mailwright.warmup.webmail}.
 */
@Component
class MailboxListWarmup {
    private static final Logger log = LoggerFactory.getLogger(MailboxListWarmup.class);
    static final int MAX_RENDERS = 100;
    static final Duration BUDGET = Duration.ofSeconds(5);
    static final Duration WARM = Duration.ofMillis(10);
    private static final String VIEW = "mailbox/list";

    private final boolean enabled;
    private final ThymeleafViewResolver views;
    private final ServletContext servletContext;
    private final ApplicationContext context;
    private final CompletableFuture<Integer> rendered = new CompletableFuture<>();

    MailboxListWarmup(MailwrightProperties properties, ObjectProvider<ThymeleafViewResolver> views,
                      ObjectProvider<ServletContext> servletContext, ApplicationContext context) {
        this.enabled = properties.warmup().webmail();
        this.views = views.getIfAvailable();
        this.servletContext = servletContext.getIfAvailable();
        this.context = context;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warm() {
        if (!enabled || views == null || servletContext == null || !(context instanceof WebApplicationContext)) {
            rendered.complete(0);
            return;
        }
        Thread.ofVirtual().name("webmail-list-warm-up").start(() -> {
            int renders = 0;
            long started = System.nanoTime();
            long last = 0;
            try {
                while (renders < MAX_RENDERS && System.nanoTime() - started < BUDGET.toNanos()) {
                    long one = System.nanoTime();
                    render();
                    renders++;
                    last = System.nanoTime() - one;
                    if (last < WARM.toNanos()) {
                        break;
                    }
                }
                log.debug("Webmail list warm-up: {} renders in {} ms, the last {} ms", renders,
                        (System.nanoTime() - started) / 1_000_000, last / 1_000_000);
            } catch (Exception | LinkageError e) {
                log.debug("Webmail list warm-up stopped after {} renders: {}", renders, e.toString());
            } finally {
                rendered.complete(renders);
            }
        });
    }

    /** How many renders the warm-up made once it has stopped (tests). */
    CompletableFuture<Integer> rendered() {
        return rendered;
    }

    /** One render of the list with made-up rows; returns the HTML. */
    String render() throws Exception {
        View view = views.resolveViewName(VIEW, Locale.ENGLISH);
        if (view == null) {
            throw new IllegalStateException("no view " + VIEW);
        }
        StringWriter html = new StringWriter(80 * 1024);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(DispatcherServlet.WEB_APPLICATION_CONTEXT_ATTRIBUTE, context);
        // the forms' hidden CSRF field is rendered as for a signed-in person; this token is never sent anywhere
        attributes.put(CsrfToken.class.getName(), new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "warm-up"));
        view.render(model(), request(attributes), response(new PrintWriter(html)));
        return html.toString();
    }

    /** What {@code MailboxController.list} gives the template: a folder tree and a first page of varied rows. */
    private static Map<String, Object> model() {
        List<Folders.Folder> folders = List.of(
                new Folders.Folder(1, "INBOX", "Inbox", "inbox", 12, 5_000, 0),
                new Folders.Folder(2, "Drafts", "Drafts", "drafts", 0, 3, 1),
                new Folders.Folder(3, "Sent", "Sent", "sent", 0, 800, 2),
                new Folders.Folder(4, "Archive", "Archive", "archive", 0, 20_000, 3),
                new Folders.Folder(5, "Junk", "Junk", "junk", 4, 40, 4),
                new Folders.Folder(6, "Trash", "Trash", "trash", 0, 90, 5),
                new Folders.Folder(7, "Projects/Mailwright", "Mailwright", "folder", 2, 300, 6));
        List<MessageRow> rows = new ArrayList<>(MessageList.PAGE_SIZE);
        for (int i = 0; i < MessageList.PAGE_SIZE; i++) {
            long uid = 5_000 - i;
            rows.add(new MessageRow(uid, "Sender " + i + " <sender" + i + "@example.test>", "Subject of message " + uid,
                    "The first words of message " + uid, "12:0" + i % 10, "2026-01-01T12:00:00Z", i % 3 != 0, i % 7 == 0,
                    i % 5 == 0, i % 11 == 0, false, i % 4 == 0, 1_000L * (i + 1) * (i + 1), "thread-" + i / 3));
        }
        ListSort order = ListSort.of(null, null);
        Map<String, Object> model = new HashMap<>();
        model.put("account", new AccountStore.Account(new AccountId(0), "warm-up@localhost", "", true, true, ""));
        model.put("folders", folders);
        model.put("mailbox", folders.getFirst());
        model.put("page", new MessageList.Page(rows, Optional.of(rows.getLast().uid()), Optional.empty()));
        model.put("q", "");
        model.put("in", "all");
        model.put("order", order);
        model.put("headers", order.headers());
        model.put("firstPage", true);
        model.put("view", "messages");
        model.put("rows", rows);
        model.put("threadSizes", Map.of());
        return model;
    }

    private HttpServletRequest request(Map<String, Object> attributes) {
        return servletProxy(HttpServletRequest.class, (proxy, method, args) -> switch (method.getName()) {
            case "getAttribute" -> attributes.get((String) args[0]);
            case "setAttribute" -> args[1] == null ? attributes.remove((String) args[0]) : attributes.put((String) args[0], args[1]);
            case "removeAttribute" -> attributes.remove((String) args[0]);
            case "getAttributeNames" -> Collections.enumeration(new ArrayList<>(attributes.keySet()));
            case "getServletContext" -> servletContext;
            case "getContextPath", "getServletPath" -> "";
            case "getRequestURI" -> "/mail/1";
            case "getRequestURL" -> new StringBuffer("http://localhost/mail/1");
            case "getMethod" -> "GET";
            case "getScheme" -> "http";
            case "getServerName" -> "localhost";
            case "getServerPort" -> 80;
            case "getLocale" -> Locale.ENGLISH;
            case "getLocales" -> Collections.enumeration(List.of(Locale.ENGLISH));
            case "getCharacterEncoding" -> "UTF-8";
            case "getDispatcherType" -> DispatcherType.REQUEST;
            default -> unanswered(proxy, method, args);
        });
    }

    private static HttpServletResponse response(PrintWriter writer) {
        String[] contentType = {null};
        return servletProxy(HttpServletResponse.class, (proxy, method, args) -> switch (method.getName()) {
            case "getWriter" -> writer;
            case "encodeURL", "encodeRedirectURL" -> args[0];
            case "getCharacterEncoding" -> "UTF-8";
            case "setContentType" -> contentType[0] = (String) args[0];
            case "getContentType" -> contentType[0];
            case "getLocale" -> Locale.ENGLISH;
            case "getStatus" -> 200;
            default -> unanswered(proxy, method, args);
        });
    }

    private static <T> T servletProxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(MailboxListWarmup.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** What the made-up request or response says to anything else: nothing there (no header, parameter, session). */
    private static Object unanswered(Object proxy, java.lang.reflect.Method method, Object[] args) {
        Class<?> type = method.getReturnType();
        return switch (method.getName()) {
            case "toString" -> "warm-up " + method.getDeclaringClass().getSimpleName();
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> type == boolean.class ? false
                    : type == int.class ? 0
                    : type == long.class ? 0L
                    : type == java.util.Enumeration.class ? Collections.emptyEnumeration()
                    : type == Map.class ? Map.of()
                    : type == java.util.Set.class ? java.util.Set.of()
                    : type == List.class || type == Collection.class ? List.of()
                    : null;
        };
    }
}
