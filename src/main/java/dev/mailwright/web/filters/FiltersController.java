package dev.mailwright.web.filters;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.SieveScripts;

/**
 * The Filters page: the rules the user built, in order, each editable, movable, switchable and deletable; the last
 * error a script had at delivery; and, when the active script is not the page's own, that script instead of the
 * rules (the page never overwrites it without being told to).
 */
@Controller
class FiltersController {
    /** Condition rows the rule form shows at least (blank ones are ignored). */
    static final int MIN_ROWS = 3;
    private static final java.time.format.DateTimeFormatter ERROR_TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneId.systemDefault());

    private final FilterPages pages;
    private final WebmailFilters filters;
    private final SieveScripts scripts;

    FiltersController(FilterPages pages, WebmailFilters filters, SieveScripts scripts) {
        this.pages = pages;
        this.filters = filters;
        this.scripts = scripts;
    }

    @GetMapping("/settings/filters")
    String filters(Principal principal, Model model) {
        Account account = pages.layout(principal, model);
        WebmailFilters.Status status = filters.status(account.id());
        model.addAttribute("status", status);
        model.addAttribute("rules", status.settings().rules());
        model.addAttribute("maxRules", pages.limits().maxRules());
        java.util.Optional<SieveScripts.RunError> lastError = scripts.lastError(account.id());
        model.addAttribute("lastError", lastError.orElse(null));
        model.addAttribute("lastErrorAt", lastError.map(e -> ERROR_TIME.format(e.at())).orElse(""));
        model.addAttribute("summaries", status.settings().rules().stream().map(pages::summary).toList());
        return "filters/filters";
    }

    @GetMapping("/settings/filters/rules/new")
    String newRule(Principal principal, Model model) {
        Account account = pages.layout(principal, model);
        return ruleForm(account, model, RuleForm.empty(), -1, List.of());
    }

    @GetMapping("/settings/filters/rules/{index}")
    String editRule(@PathVariable int index, Principal principal, Model model) {
        Account account = pages.layout(principal, model);
        List<FilterRule> rules = filters.status(account.id()).settings().rules();
        return ruleForm(account, model, RuleForm.of(rule(rules, index)), index, List.of());
    }

    @PostMapping("/settings/filters/rules")
    String createRule(@RequestParam MultiValueMap<String, String> form, Principal principal, Model model,
                      RedirectAttributes redirect) {
        return saveRule(-1, form, principal, model, redirect);
    }

    @PostMapping("/settings/filters/rules/{index}")
    String updateRule(@PathVariable int index, @RequestParam MultiValueMap<String, String> form, Principal principal,
                      Model model, RedirectAttributes redirect) {
        return saveRule(index, form, principal, model, redirect);
    }

    private String saveRule(int index, MultiValueMap<String, String> params, Principal principal, Model model,
                            RedirectAttributes redirect) {
        Account account = pages.layout(principal, model);
        RuleForm form = RuleForm.of(params);
        if (params.containsKey("addRow")) {
            model.addAttribute("extraRow", Boolean.TRUE);
            return ruleForm(account, model, form, index, List.of());
        }
        WebmailFilters.Status status = filters.status(account.id());
        if (!status.editable()) {
            return "redirect:/settings/filters";
        }
        List<Problem> problems = new ArrayList<>();
        Set<String> folderNames = pages.ownFolders(account).stream().map(f -> f.name()).collect(Collectors.toSet());
        FilterRule rule = form.toRule(folderNames, pages.limits(), problems);
        List<FilterRule> rules = new ArrayList<>(status.settings().rules());
        if (index < 0 && rules.size() >= pages.limits().maxRules()) {
            problems.add(Problem.of("filters.error.tooManyRules", pages.limits().maxRules()));
        }
        if (!problems.isEmpty()) {
            return ruleForm(account, model, form, index, problems);
        }
        if (index < 0) {
            rules.add(rule);
        } else {
            rule(rules, index);
            rules.set(index, rule);
        }
        return store(account, rules, status, redirect, "filters.saved", model, form, index);
    }

    @PostMapping("/settings/filters/rules/{index}/move")
    String move(@PathVariable int index, @RequestParam String direction, Principal principal, Model model,
                RedirectAttributes redirect) {
        Account account = pages.layout(principal, model);
        WebmailFilters.Status status = filters.status(account.id());
        List<FilterRule> rules = new ArrayList<>(status.settings().rules());
        rule(rules, index);
        int other = "up".equals(direction) ? index - 1 : index + 1;
        if (other >= 0 && other < rules.size()) {
            java.util.Collections.swap(rules, index, other);
        }
        return store(account, rules, status, redirect, "filters.moved", model, null, index);
    }

    @PostMapping("/settings/filters/rules/{index}/toggle")
    String toggle(@PathVariable int index, Principal principal, Model model, RedirectAttributes redirect) {
        Account account = pages.layout(principal, model);
        WebmailFilters.Status status = filters.status(account.id());
        List<FilterRule> rules = new ArrayList<>(status.settings().rules());
        FilterRule rule = rule(rules, index);
        rules.set(index, new FilterRule(rule.name(), !rule.enabled(), rule.match(), rule.conditions(), rule.actions()));
        return store(account, rules, status, redirect, rule.enabled() ? "filters.disabled" : "filters.enabled", model, null, index);
    }

    @PostMapping("/settings/filters/rules/{index}/delete")
    String delete(@PathVariable int index, Principal principal, Model model, RedirectAttributes redirect) {
        Account account = pages.layout(principal, model);
        WebmailFilters.Status status = filters.status(account.id());
        List<FilterRule> rules = new ArrayList<>(status.settings().rules());
        rule(rules, index);
        rules.remove(index);
        return store(account, rules, status, redirect, "filters.deleted", model, null, index);
    }

    @PostMapping("/settings/filters/take-over")
    String takeOver(Principal principal, Model model, RedirectAttributes redirect) {
        Account account = pages.layout(principal, model);
        filters.takeOver(account.id());
        redirect.addFlashAttribute("flash", pages.text("filters.takenOver"));
        return "redirect:/settings/filters";
    }

    @PostMapping("/settings/filters/error/dismiss")
    String dismissError(Principal principal, Model model) {
        Account account = pages.layout(principal, model);
        scripts.clearError(account.id());
        return "redirect:/settings/filters";
    }

    private String store(Account account, List<FilterRule> rules, WebmailFilters.Status status, RedirectAttributes redirect,
                         String done, Model model, RuleForm form, int index) {
        try {
            if (filters.save(account.id(), rules, status.settings().vacation())) {
                redirect.addFlashAttribute("flash", pages.text(done));
            }
        } catch (WebmailFilters.ScriptRefused e) {
            if (form != null) {
                return ruleForm(account, model, form, index, List.of(Problem.of("filters.error.scriptRefused", e.getMessage())));
            }
            redirect.addFlashAttribute("flash", pages.text("filters.error.scriptRefused", e.getMessage()));
        }
        return "redirect:/settings/filters";
    }

    private String ruleForm(Account account, Model model, RuleForm form, int index, List<Problem> problems) {
        int maximum = pages.limits().maxConditions();
        int shown = form.rows(0, maximum).size() + (model.containsAttribute("extraRow") ? 1 : 0);
        model.addAttribute("form", form);
        model.addAttribute("index", index);
        model.addAttribute("rows", form.rows(Math.max(MIN_ROWS, shown), maximum));
        model.addAttribute("canAddRow", shown < maximum);
        model.addAttribute("fields", FilterRule.Field.values());
        model.addAttribute("operators", FilterRule.Operator.values());
        model.addAttribute("targetFolders", pages.ownFolders(account));
        model.addAttribute("errors", pages.texts(problems));
        return "filters/rule";
    }

    private static FilterRule rule(List<FilterRule> rules, int index) {
        if (index < 0 || index >= rules.size()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such rule");
        }
        return rules.get(index);
    }
}
