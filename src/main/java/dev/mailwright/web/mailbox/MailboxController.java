package dev.mailwright.web.mailbox;

import java.security.Principal;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.MailStore.PageCursor;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.Flags;
import dev.mailwright.store.SpecialUse;
import dev.mailwright.store.StoreException;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;
import dev.mailwright.web.CurrentAccount;
import dev.mailwright.web.Folders;
import dev.mailwright.web.Notice;


/** The folder view: message list with keyset paging, search, and actions on selected messages. */
@Controller
class MailboxController {
    private final CurrentAccount current;
    private final Folders folders;
    private final MessageList list;
    private final MailboxActions actions;
    private final MailStore store;
    private final RecentMoves recentMoves;

    MailboxController(CurrentAccount current, Folders folders, MessageList list, MailboxActions actions, MailStore store,
                      RecentMoves recentMoves) {
        this.current = current;
        this.folders = folders;
        this.list = list;
        this.actions = actions;
        this.store = store;
        this.recentMoves = recentMoves;
    }

    @GetMapping("/")
    String home(Principal principal) {
        Account account = current.of(principal);
        MailboxInfo inbox = store.mailbox(account.id(), "INBOX").orElseThrow(() -> new StoreException.MailboxNotFound("INBOX"));
        return "redirect:/mail/" + inbox.id().value();
    }

    @GetMapping("/mail/{mailboxId}")
    String list(@PathVariable long mailboxId, @RequestParam(defaultValue = "" + Long.MAX_VALUE) long before,
                @RequestParam(required = false) String q, @RequestParam(required = false) String in,
                @RequestParam(required = false) String sort, @RequestParam(required = false) String dir,
                @RequestParam(required = false) Long after, @RequestParam(required = false) String key,
                @RequestParam(defaultValue = "messages") String view, Principal principal, Model model) {
        Account account = current.of(principal);
        MailboxInfo mailbox = current.mailbox(principal, mailboxId);
        Optional<MessageList.Search> search = MessageList.Search.of(q, in);
        ListSort order = ListSort.of(sort, dir);
        Optional<PageCursor> cursor = after == null || key == null ? Optional.empty() : Optional.of(new PageCursor(key, after));
        MessageList.Page page;
        try {
            page = search.isPresent() ? list.search(account.id(), mailbox, search.get(), before)
                    : order.arrival() ? list.page(account.id(), mailbox, before) : list.sorted(account.id(), mailbox, order, cursor);
        } catch (IllegalArgumentException badCursor) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "That page link is not valid any more.", badCursor);
        }
        List<Folders.Folder> all = folders.of(account.id());
        model.addAttribute("account", account);
        model.addAttribute("folders", all);
        model.addAttribute("mailbox", all.stream().filter(f -> f.id() == mailboxId).findFirst().orElseThrow());
        model.addAttribute("page", page);
        model.addAttribute("q", search.map(MessageList.Search::text).orElse(""));
        model.addAttribute("in", search.map(MessageList.Search::in).orElse("all"));
        model.addAttribute("order", order);
        model.addAttribute("headers", order.headers());
        model.addAttribute("firstPage", before == Long.MAX_VALUE && cursor.isEmpty());
        boolean threads = "threads".equals(view);
        model.addAttribute("view", threads ? "threads" : "messages");
        // conversations: the first (in the list's order) message of each conversation on this page stands for it
        List<MessageRow> shown = threads ? page.rows().stream()
                .collect(java.util.stream.Collectors.toMap(MessageRow::threadKey, r -> r, (a, b) -> a, java.util.LinkedHashMap::new))
                .values().stream().toList() : page.rows();
        model.addAttribute("rows", shown);
        model.addAttribute("threadSizes", threads
                ? store.conversationSizes(account.id(), shown.stream().map(MessageRow::threadKey).toList()) : java.util.Map.of());
        return "mailbox/list";
    }

    /** Empties Trash or Junk: every message gets \\Deleted and is expunged, as IMAP clients would do it. */
    @PostMapping("/mail/{mailboxId}/empty")
    String empty(@PathVariable long mailboxId, Principal principal, RedirectAttributes redirect) {
        Account account = current.of(principal);
        MailboxInfo mailbox = current.mailbox(principal, mailboxId);
        boolean emptiable = mailbox.specialUse().filter(u -> u == SpecialUse.TRASH || u == SpecialUse.JUNK).isPresent();
        if (!emptiable) {
            redirect.addFlashAttribute("flash", Notice.of("mailbox.done.notEmptiable"));
            return "redirect:/mail/" + mailboxId;
        }
        store.updateFlags(account.id(), mailbox.id(), UidSet.ALL, MailStore.FlagChange.ADD, Flags.of(SystemFlag.DELETED),
                Optional.empty());
        List<Long> gone = store.expunge(account.id(), mailbox.id(), Optional.empty());
        redirect.addFlashAttribute("flash", Notice.of("mailbox.done.deletedForGood", gone.size()));
        return "redirect:/mail/" + mailboxId;
    }

    /**
     * {@code all=true} ("all N in this folder") acts on every message of the folder, the newest
     * {@code mailwright.webmail-moving.max-bulk-messages} of them at most; {@code targetId} names the target folder by
     * id (a message dragged onto the folder list), {@code target} by name (the select). A move gets an Undo button.
     */
    @PostMapping("/mail/{mailboxId}/actions")
    String act(@PathVariable long mailboxId, @RequestParam(name = "uid", required = false) List<Long> uids,
               @RequestParam MessageAction action, @RequestParam(required = false) String target,
               @RequestParam(required = false) Long targetId, @RequestParam(defaultValue = "false") boolean all,
               @RequestParam(required = false) String back, Principal principal, RedirectAttributes redirect,
               jakarta.servlet.http.HttpSession session) {
        Account account = current.of(principal);
        MailboxInfo mailbox = current.mailbox(principal, mailboxId);
        List<Long> selected = uids == null ? List.of() : uids;
        MailboxActions.Everything every = all ? actions.everything(mailbox) : null;
        if (every != null) {
            selected = every.uids();
        }
        Optional<String> targetName = targetId != null ? Optional.of(current.mailbox(principal, targetId).name())
                : Optional.ofNullable(target);
        try {
            Notice done = actions.apply(account.id(), mailbox, selected, action, targetName, moved -> {
                redirect.addFlashAttribute("undo", recentMoves.remember(session, moved));
                redirect.addFlashAttribute("undoMillis", recentMoves.window().toMillis());
            });
            redirect.addFlashAttribute("flash", done);
            if (every != null && every.capped()) {
                redirect.addFlashAttribute("flashMore", actions.cappedNote());
            }
        } catch (StoreException.MailboxNotFound e) {
            redirect.addFlashAttribute("flash", Notice.of("folders.error.notFound"));
        } catch (StoreException.PermissionDenied e) {
            redirect.addFlashAttribute("flash", Notice.of("mailbox.error.denied"));
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("flash", Notice.of("mailbox.error.refused"));
        }

        boolean stayOnMessage = "message".equals(back) && selected.size() == 1
                && (action == MessageAction.READ || action == MessageAction.UNREAD || action == MessageAction.FLAG
                || action == MessageAction.UNFLAG || action == MessageAction.UNDELETE);
        return stayOnMessage ? "redirect:/mail/" + mailboxId + "/" + selected.getFirst() : "redirect:/mail/" + mailboxId;
    }
}
