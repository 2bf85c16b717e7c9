package dev.mailwright.web.filters;

import java.security.Principal;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.SharedNamespace;
import dev.mailwright.web.CurrentAccount;
import dev.mailwright.web.Folders;

/** What the Filters, Vacation and raw editor pages share: the layout's model, the user's folders, texts. */
@Component
class FilterPages {
    private final CurrentAccount current;
    private final Folders folders;
    private final MessageSource messages;
    private final MailwrightProperties.WebmailFilters limits;

    FilterPages(CurrentAccount current, Folders folders, MessageSource messages, MailwrightProperties properties) {
        this.current = current;
        this.folders = folders;
        this.messages = messages;
        this.limits = properties.webmailFilters();
    }

    MailwrightProperties.WebmailFilters limits() {
        return limits;
    }

    /** The signed-in account, with what the layout needs put into the model. */
    Account layout(Principal principal, Model model) {
        Account account = current.of(principal);
        model.addAttribute("account", account);
        model.addAttribute("folders", folders.of(account.id()));
        return account;
    }

    /** The account's own folders (a filter files only into those), labelled in the reader's language. */
    List<Folders.Folder> ownFolders(Account account) {
        return folders.of(account.id()).stream().filter(f -> !f.name().startsWith(SharedNamespace.PREFIX)).toList();
    }

    String text(String code, Object... args) {
        Locale locale = LocaleContextHolder.getLocale();
        return messages.getMessage(code, args, locale);
    }

    List<String> texts(List<Problem> problems) {
        return problems.stream().map(p -> text(p.code(), p.args().toArray())).toList();
    }

    /** One line that says what a rule does, in the reader's language. */
    String summary(FilterRule rule) {
        List<String> tests = new java.util.ArrayList<>();
        for (FilterRule.Condition c : rule.conditions()) {
            String field = c.field() == FilterRule.Field.HEADER ? text("filters.summary.header", c.header())
                    : text("filters.field." + c.field().name());
            tests.add(c.field().text() ? text("filters.summary.test", field, text("filters.operator." + c.operator().name()), c.value())
                    : c.field().size() ? field + " " + c.value() : field);
        }
        String when = tests.isEmpty() ? text("filters.summary.every")
                : String.join(text(rule.match() == FilterRule.Match.ALL ? "filters.summary.and" : "filters.summary.or"), tests);
        FilterRule.Actions a = rule.actions();
        List<String> does = new java.util.ArrayList<>();
        if (!a.moveTo().isEmpty()) {
            does.add(text("filters.summary.move", a.moveTo()));
        }
        if (a.markRead()) {
            does.add(text("filters.action.markRead"));
        }
        if (a.flag()) {
            does.add(text("filters.action.flag"));
        }
        if (!a.forwardTo().isEmpty()) {
            does.add(text(a.forwardCopy() ? "filters.summary.forwardCopy" : "filters.summary.forward", a.forwardTo()));
        }
        if (a.discard()) {
            does.add(text("filters.action.discard"));
        }
        if (!a.reject().isEmpty()) {
            does.add(text("filters.summary.reject"));
        }
        return text("filters.summary", when, String.join(", ", does));
    }
}
