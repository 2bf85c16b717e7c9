package dev.mailwright.web.admin;

import java.security.Principal;
import java.util.NoSuchElementException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.mailwright.store.AccountRefusal;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.StoreException;
import dev.mailwright.web.CurrentAccount;
import dev.mailwright.web.Folders;
import dev.mailwright.web.Notice;

/**
 * What every admin page does first: the signed-in account must be an enabled admin NOW (the role granted at sign-in may
 * have been taken away since: 403), and the layout needs the account and its folders.
 */
@Component
class AdminPage {
    private final CurrentAccount current;
    private final Folders folders;

    AdminPage(CurrentAccount current, Folders folders) {
        this.current = current;
        this.folders = folders;
    }

    Account require(Principal principal) {
        Account account = current.of(principal);
        if (!account.admin()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "administrators only");
        }
        return account;
    }

    String show(Principal principal, Model model, String section, String view) {
        Account account = require(principal);
        model.addAttribute("account", account);
        model.addAttribute("folders", folders.of(account.id()));
        model.addAttribute("section", section);
        return view;
    }

    /**
     * Runs an admin operation from a form: its refusal becomes the page's error message, never a 500. A refusal of
     * the page itself ({@link Refusal}) and an {@link AccountRefusal} are said in the reader's language; other reasons
     * of the operations are quoted.
     */
    String act(Principal principal, RedirectAttributes redirect, String back, Notice done, Runnable operation) {
        require(principal);
        try {
            operation.run();
            redirect.addFlashAttribute("flash", done);
        } catch (Refusal e) {
            redirect.addFlashAttribute("adminError", e.notice);
        } catch (AccountRefusal e) {
            redirect.addFlashAttribute("adminError", Notice.of(e.reason().messageKey(), e.subject()));
        } catch (IllegalArgumentException | IllegalStateException | NoSuchElementException | StoreException e) {
            redirect.addFlashAttribute("adminError", Notice.of("admin.refused", String.valueOf(e.getMessage())));
        }
        return "redirect:" + back;
    }

    /** A form the page itself refuses, with the reason as a notice. */
    static final class Refusal extends IllegalArgumentException {
        private final transient Notice notice;

        Refusal(Notice notice) {
            super(notice.code());
            this.notice = notice;
        }
    }
}
