package dev.mailwright.web.search;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailStore.MessageQuery;
import dev.mailwright.store.MailStore.SearchHit;
import dev.mailwright.store.MailboxId;
import dev.mailwright.web.CurrentAccount;
import dev.mailwright.web.Folders;
import dev.mailwright.web.Notice;

/**
 * Search across every folder (or one), by from, to, subject, text and a date range. Dates are the Date: header
 * (internal date without one), days in the server's time zone; "since" is inclusive, "before" exclusive.
 */
@Controller
class SearchController {
    private final CurrentAccount current;
    private final Folders folders;
    private final MailStore store;
    private final int maxResults;
    private final int maxSearchLength;
    private final Clock clock = Clock.systemDefaultZone();

    private final org.springframework.context.MessageSource messages;

    SearchController(CurrentAccount current, Folders folders, MailStore store, MailwrightProperties properties,
                     org.springframework.context.MessageSource messages) {
        this.messages = messages;
        this.current = current;
        this.folders = folders;
        this.store = store;
        this.maxResults = properties.webmail().maxSearchResults();
        this.maxSearchLength = properties.webmail().maxSearchLength();
    }

    @GetMapping("/search")
    String search(@RequestParam(defaultValue = "") String text, @RequestParam(defaultValue = "") String from,
                  @RequestParam(defaultValue = "") String to, @RequestParam(defaultValue = "") String subject,
                  @RequestParam(defaultValue = "") String since, @RequestParam(defaultValue = "") String before,
                  @RequestParam(defaultValue = "all") String folder, Principal principal, Model model) {
        Account account = current.of(principal);
        List<Folders.Folder> all = folders.of(account.id());
        Map<Long, Folders.Folder> byId = all.stream().collect(Collectors.toMap(Folders.Folder::id, Function.identity()));
        model.addAttribute("account", account);
        model.addAttribute("folders", all);
        model.addAttribute("form", new SearchForm(text, from, to, subject, since, before, folder));
        Optional<MailboxId> mailbox = Optional.empty();
        if (!"all".equals(folder)) {
            try {
                mailbox = Optional.of(current.mailbox(principal, Long.parseLong(folder)).id());
            } catch (NumberFormatException e) {
                model.addAttribute("problem", Notice.of("search.error.folder"));
                return "search/search";
            }
        }
        Optional<Instant> sinceInstant;
        Optional<Instant> beforeInstant;
        try {
            sinceInstant = day(since);
            beforeInstant = day(before);
        } catch (DateTimeParseException e) {
            model.addAttribute("problem", Notice.of("search.error.date"));
            return "search/search";
        }
        if (java.util.stream.Stream.of(text, from, to, subject).anyMatch(s -> s.strip().length() > maxSearchLength)) {
            // substring search costs each message's text times the term: a term longer than any real one is refused
            model.addAttribute("problem", Notice.of("search.error.tooLong", maxSearchLength));
            return "search/search";
        }
        boolean anything = !(text.isBlank() && from.isBlank() && to.isBlank() && subject.isBlank())
                || sinceInstant.isPresent() || beforeInstant.isPresent();
        if (!anything) {
            return "search/search";
        }
        MessageQuery query = new MessageQuery(mailbox, present(from), present(to), present(subject), present(text),
                sinceInstant, beforeInstant);
        List<SearchHit> hits = store.search(account.id(), query, maxResults + 1);
        Instant now = clock.instant();
        java.util.Locale locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
        Result.Texts texts = new Result.Texts(locale, messages.getMessage("mailbox.unknownSender", null, locale),
                messages.getMessage("message.noSubject", null, locale));
        List<Result> results = hits.stream().limit(maxResults).map(hit -> Result.of(hit, byId.get(hit.mailbox().value()),
                clock.getZone(), now, texts)).toList();
        model.addAttribute("results", results);
        model.addAttribute("truncated", hits.size() > maxResults);
        model.addAttribute("maxResults", maxResults);
        return "search/search";
    }

    private Optional<Instant> day(String value) {
        return value.isBlank() ? Optional.empty()
                : Optional.of(LocalDate.parse(value.strip()).atStartOfDay(clock.getZone()).toInstant());
    }

    private static Optional<String> present(String value) {
        return value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** What the form shows back. */
    record SearchForm(String text, String from, String to, String subject, String since, String before, String folder) {
    }
}
