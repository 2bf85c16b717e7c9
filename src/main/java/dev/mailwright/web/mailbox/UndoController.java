package dev.mailwright.web.mailbox;

import java.security.Principal;

import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.StoreException;
import dev.mailwright.web.CurrentAccount;
import dev.mailwright.web.Folders;
import dev.mailwright.web.Notice;

/**
 * The Undo button of a move or delete notice: moves the messages back while the window is open, and says plainly
 * why not afterwards. Back in the source folder they get new UIDs, as after any IMAP move.
 */
@Controller
class UndoController {
    private final CurrentAccount current;
    private final MailStore store;
    private final MailboxActions actions;
    private final RecentMoves recentMoves;
    private final Folders folders;

    UndoController(CurrentAccount current, MailStore store, MailboxActions actions, RecentMoves recentMoves, Folders folders) {
        this.current = current;
        this.store = store;
        this.actions = actions;
        this.recentMoves = recentMoves;
        this.folders = folders;
    }

    @PostMapping("/mail/undo")
    String undo(@RequestParam String token, Principal principal, HttpSession session, RedirectAttributes redirect) {
        Account account = current.of(principal);
        return switch (recentMoves.take(session, token)) {
            case RecentMoves.Lookup.Unknown unknown -> {
                redirect.addFlashAttribute("flash", Notice.of("moving.undoUnknown"));
                yield home(account);
            }
            case RecentMoves.Lookup.TooLate late -> {
                String where = store.mailbox(account.id(), late.target()).map(folders::labelOf).orElse("?");
                redirect.addFlashAttribute("flash", Notice.of("moving.undoTooLate", recentMoves.window().toSeconds(), where));
                yield store.mailbox(account.id(), late.source()).map(m -> "redirect:/mail/" + m.id().value()).orElse(home(account));
            }
            case RecentMoves.Lookup.Found found -> {
                MailboxInfo source = store.mailbox(account.id(), found.moved().source()).orElse(null);
                if (source == null) {
                    redirect.addFlashAttribute("flash", Notice.of("moving.undoGone"));
                    yield home(account);
                }
                try {
                    int back = actions.moveBack(account.id(), found.moved(), source);
                    redirect.addFlashAttribute("flash", Notice.of("moving.undone", back, folders.labelOf(source)));
                } catch (StoreException.MailboxNotFound | StoreException.PermissionDenied e) {
                    redirect.addFlashAttribute("flash", Notice.of("moving.undoGone"));
                }
                yield "redirect:/mail/" + source.id().value();
            }
        };
    }

    /** The inbox itself, not "/": a flash notice survives one redirect only. */
    private String home(Account account) {
        return store.mailbox(account.id(), "INBOX").map(m -> "redirect:/mail/" + m.id().value()).orElse("redirect:/");
    }
}
