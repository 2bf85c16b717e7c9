package dev.mailwright.web.filters;

import java.security.Principal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.mailwright.store.AccountStore;
import dev.mailwright.store.AccountStore.Account;

/**
 * The Vacation page: an automatic reply (RFC 5230) written into the same script as the filter rules, ahead of
 * them. Each sender gets one reply per {@code days}; lists, bulk mail and automatic replies are never answered.
 */
@Controller
class VacationController {
    private final FilterPages pages;
    private final WebmailFilters filters;
    private final AccountStore accounts;

    VacationController(FilterPages pages, WebmailFilters filters, AccountStore accounts) {
        this.pages = pages;
        this.filters = filters;
        this.accounts = accounts;
    }

    @GetMapping("/settings/vacation")
    String vacation(Principal principal, Model model) {
        Account account = pages.layout(principal, model);
        WebmailFilters.Status status = filters.status(account.id());
        return page(account, model, status, VacationForm.of(status.settings().vacation()), List.of());
    }

    @PostMapping("/settings/vacation")
    String save(@RequestParam(defaultValue = "false") boolean enabled, @RequestParam(defaultValue = "") String start,
                @RequestParam(defaultValue = "") String end, @RequestParam(defaultValue = "") String subject,
                @RequestParam(defaultValue = "") String text, @RequestParam(defaultValue = "") String addresses,
                @RequestParam(defaultValue = "") String days, Principal principal, Model model, RedirectAttributes redirect) {
        Account account = pages.layout(principal, model);
        WebmailFilters.Status status = filters.status(account.id());
        if (!status.editable()) {
            return "redirect:/settings/vacation";
        }
        VacationForm form = new VacationForm(enabled, start, end, subject, text, addresses, days);
        List<Problem> problems = new ArrayList<>();
        VacationReply reply = form.toReply(pages.limits(), problems);
        if (problems.isEmpty()) {
            try {
                filters.save(account.id(), status.settings().rules(), reply);
                redirect.addFlashAttribute("flash", pages.text(!reply.enabled() ? "vacation.savedOff"
                        : reply.answersOn(LocalDate.now()) ? "vacation.savedOn" : "vacation.savedLater"));
                return "redirect:/settings/vacation";
            } catch (WebmailFilters.ScriptRefused e) {
                problems.add(Problem.of("filters.error.scriptRefused", e.getMessage()));
            }
        }
        return page(account, model, status, form, problems);
    }

    private String page(Account account, Model model, WebmailFilters.Status status, VacationForm form, List<Problem> problems) {
        model.addAttribute("status", status);
        model.addAttribute("form", form);
        model.addAttribute("aliases", accounts.aliasesOf(account.id()));
        model.addAttribute("maxDays", VacationForm.MAX_DAYS);
        model.addAttribute("errors", pages.texts(problems));
        return "filters/vacation";
    }
}
