package dev.mailwright.web.message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Optional;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailStore.FlagChange;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.MessageMeta;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;
import dev.mailwright.web.CurrentAccount;
import dev.mailwright.web.Folders;
import dev.mailwright.web.message.HtmlSanitizer.RemoteContent;

/** Reading a message: the page, its sandboxed HTML body, attachments, inline images and the raw source. */
@Controller
class MessageController {
    private final CurrentAccount current;
    private final Folders folders;
    private final MessageReader reader;
    private final MailStore store;
    private final RemoteContentPolicy remoteContent;

    MessageController(CurrentAccount current, Folders folders, MessageReader reader, MailStore store,
                      RemoteContentPolicy remoteContent) {
        this.remoteContent = remoteContent;
        this.current = current;
        this.folders = folders;
        this.reader = reader;
        this.store = store;
    }

    @GetMapping("/mail/{mailboxId}/{uid}")
    String show(@PathVariable long mailboxId, @PathVariable long uid, @RequestParam(required = false) String remote,
                Principal principal, Model model) {
        Account account = current.of(principal);
        MailboxInfo mailbox = current.mailbox(principal, mailboxId);
        MessageMeta meta = reader.meta(account.id(), mailbox, uid).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such message"));
        if (!meta.flags().has(SystemFlag.SEEN)) {
            try {
                store.updateFlags(account.id(), mailbox.id(), UidSet.of(uid), FlagChange.ADD, Flags.of(SystemFlag.SEEN), Optional.empty());
            } catch (dev.mailwright.store.StoreException.PermissionDenied ignored) {
                // a shared folder this account may read but not flag: reading does not mark it read (RFC 4314 s)
            }
            meta = reader.meta(account.id(), mailbox, uid).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such message"));
        }
        List<Folders.Folder> all = folders.of(account.id());
        model.addAttribute("account", account);
        model.addAttribute("folders", all);
        model.addAttribute("mailbox", all.stream().filter(f -> f.id() == mailboxId).findFirst().orElseThrow());
        MessageView view = reader.view(account, mailbox, meta);
        boolean trustedSender = view.html() && view.remoteImages() > 0 && remoteContent.showsRemoteContent(account.id(), view);
        model.addAttribute("message", view);
        model.addAttribute("remote", "1".equals(remote) || trustedSender);
        model.addAttribute("trustedSender", trustedSender);
        model.addAttribute("mayTrustSender", RemoteContentPolicy.mayTrust(view));
        return "message/show";
    }

    /** Served into {@code <iframe sandbox>}; its CSP comes from WebSecurity's message body chain. */
    @GetMapping(value = "/mail/{mailboxId}/{uid}/body", produces = MediaType.TEXT_HTML_VALUE + ";charset=UTF-8")
    ResponseEntity<String> body(@PathVariable long mailboxId, @PathVariable long uid, @RequestParam(required = false) String remote,
                                Principal principal) {
        MailboxInfo mailbox = current.mailbox(principal, mailboxId);
        MessageMeta meta = find(mailbox, uid);
        try {
            String html = reader.htmlDocument(mailbox, meta, "1".equals(remote) ? RemoteContent.ALLOWED : RemoteContent.BLOCKED);
            return ResponseEntity.ok().header("X-Content-Type-Options", "nosniff")
                    .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(html);
        } catch (IllegalStateException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "message has no HTML body");
        }
    }

    @GetMapping("/mail/{mailboxId}/{uid}/parts/{section}")
    ResponseEntity<InputStreamResource> attachment(@PathVariable long mailboxId, @PathVariable long uid,
                                                   @PathVariable String section, Principal principal) throws IOException {
        MailboxInfo mailbox = current.mailbox(principal, mailboxId);
        MessageMeta meta = find(mailbox, uid);
        MessageReader.Part part = reader.part(meta, section)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such part"));
        InputStream in = reader.open(meta, part);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(part.filename(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .contentType(mediaType(part.header().mimeType()))
                .body(new InputStreamResource(in));
    }

    /** {@code cid:} images of the HTML body. Only raster images are served inline. */
    @GetMapping("/mail/{mailboxId}/{uid}/cid/{contentId}")
    ResponseEntity<InputStreamResource> inline(@PathVariable long mailboxId, @PathVariable long uid,
                                               @PathVariable String contentId, Principal principal) throws IOException {
        MailboxInfo mailbox = current.mailbox(principal, mailboxId);
        MessageMeta meta = find(mailbox, uid);
        MessageReader.Part part = reader.inline(meta, contentId)
                .filter(p -> p.header().mimeType().startsWith("image/") && !p.header().mimeType().contains("svg"))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such inline image"));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline")
                .header("X-Content-Type-Options", "nosniff")
                .contentType(mediaType(part.header().mimeType()))
                .body(new InputStreamResource(reader.open(meta, part)));
    }

    @GetMapping("/mail/{mailboxId}/{uid}/raw")
    ResponseEntity<InputStreamResource> raw(@PathVariable long mailboxId, @PathVariable long uid, Principal principal)
            throws IOException {
        MailboxInfo mailbox = current.mailbox(principal, mailboxId);
        MessageMeta meta = find(mailbox, uid);
        return ResponseEntity.ok()
                .header("X-Content-Type-Options", "nosniff")
                .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .contentLength(meta.size())
                .body(new InputStreamResource(reader.raw(meta)));
    }

    private MessageMeta find(MailboxInfo mailbox, long uid) {
        return reader.meta(mailbox, uid).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such message"));
    }

    private static MediaType mediaType(String type) {
        try {
            MediaType parsed = MediaType.parseMediaType(type);
            return parsed.isConcrete() ? new MediaType(parsed.getType(), parsed.getSubtype()) : MediaType.APPLICATION_OCTET_STREAM;
        } catch (InvalidMediaTypeException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }
}
