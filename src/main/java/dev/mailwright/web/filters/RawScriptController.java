package dev.mailwright.web.filters;

import java.security.Principal;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import dev.mailwright.sieve.SieveException;
import dev.mailwright.sieve.SieveScript;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.SieveScripts;
import dev.mailwright.store.StoreException;

/**
 * The raw editor: every stored script of the account (which one is active), one of them in a text area. A script
 * that does not compile is not stored; the parser's line and column are shown with the text as it was posted.
 */
@Controller
class RawScriptController {
    static final int MAX_NAME = 255;

    private final FilterPages pages;
    private final WebmailFilters filters;
    private final SieveScripts scripts;

    RawScriptController(FilterPages pages, WebmailFilters filters, SieveScripts scripts) {
        this.pages = pages;
        this.filters = filters;
        this.scripts = scripts;
    }

    @GetMapping("/settings/filters/raw")
    String editor(@RequestParam Optional<String> name, Principal principal, Model model) {
        Account account = pages.layout(principal, model);
        Optional<SieveScripts.Script> shown = name.flatMap(n -> scripts.get(account.id(), n))
                .or(() -> name.isEmpty() ? scripts.active(account.id()) : Optional.empty());
        return page(account, model, shown.map(SieveScripts.Script::name).orElse(name.orElse("")),
                shown.map(SieveScripts.Script::content).orElse(""), Optional.empty());
    }

    @PostMapping("/settings/filters/raw")
    String save(@RequestParam String name, @RequestParam String content, @RequestParam Optional<String> activate,
                Principal principal, Model model, RedirectAttributes redirect) {
        Account account = pages.layout(principal, model);
        String scriptName = name.strip();
        String text = content.replace("\r\n", "\n");
        if (scriptName.isEmpty() || scriptName.length() > MAX_NAME || !FormText.oneLine(scriptName)) {
            return page(account, model, name, content, Optional.of(pages.text("raw.error.name", MAX_NAME)));
        }
        try {
            SieveScript.compile(text, filters.limits());
        } catch (SieveException e) {
            String prefix = e.position() + ": ";
            String reason = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            return page(account, model, scriptName, content, Optional.of(pages.text("raw.error.compile",
                    e.position().line(), e.position().column(), reason)));
        }
        scripts.put(account.id(), scriptName, text);
        if (activate.isPresent()) {
            scripts.activate(account.id(), Optional.of(scriptName));
        }
        redirect.addFlashAttribute("flash", pages.text(activate.isPresent() ? "raw.savedActive" : "raw.saved", scriptName));
        return "redirect:" + link(scriptName);
    }

    @PostMapping("/settings/filters/raw/activate")
    String activate(@RequestParam(defaultValue = "") String name, Principal principal, Model model, RedirectAttributes redirect) {
        Account account = pages.layout(principal, model);
        Optional<String> target = name.isEmpty() ? Optional.empty() : Optional.of(name);
        if (scripts.activate(account.id(), target)) {
            redirect.addFlashAttribute("flash", target.isEmpty() ? pages.text("raw.deactivated") : pages.text("raw.activated", name));
        }
        return "redirect:" + (name.isEmpty() ? "/settings/filters/raw" : link(name));
    }

    @PostMapping("/settings/filters/raw/delete")
    String delete(@RequestParam String name, Principal principal, Model model, RedirectAttributes redirect) {
        Account account = pages.layout(principal, model);
        try {
            if (scripts.delete(account.id(), name)) {
                redirect.addFlashAttribute("flash", pages.text("raw.deleted", name));
            }
        } catch (StoreException.MailboxNotAllowed e) {
            redirect.addFlashAttribute("flash", pages.text("raw.error.deleteActive"));
            return "redirect:" + link(name);
        }
        return "redirect:/settings/filters/raw";
    }

    private static String link(String name) {
        return UriComponentsBuilder.fromPath("/settings/filters/raw").queryParam("name", "{name}").encode()
                .buildAndExpand(name).toUriString();
    }

    private String page(Account account, Model model, String name, String content, Optional<String> error) {
        List<SieveScripts.Script> all = scripts.list(account.id());
        model.addAttribute("scripts", all);
        model.addAttribute("active", all.stream().filter(SieveScripts.Script::active).map(SieveScripts.Script::name).findFirst().orElse(null));
        model.addAttribute("name", name);
        model.addAttribute("scriptText", content);
        model.addAttribute("error", error.orElse(null));
        model.addAttribute("pagesScript", WebmailScript.NAME);
        return "filters/raw";
    }
}
