package dev.mailwright.web.contacts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.mailwright.contacts.AddressBook;
import dev.mailwright.contacts.VCards;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.Contacts;
import dev.mailwright.store.Contacts.Contact;
import dev.mailwright.web.CurrentAccount;
import dev.mailwright.web.Folders;

/** The contacts pages: list and search, one contact's form, groups, collected addresses, vCard import and export. */
@Controller
class ContactsController {
    static final int PAGE = 500;

    private final CurrentAccount current;
    private final Folders folders;
    private final AddressBook book;

    ContactsController(CurrentAccount current, Folders folders, AddressBook book) {
        this.current = current;
        this.folders = folders;
        this.book = book;
    }

    @GetMapping("/contacts")
    String list(@RequestParam(defaultValue = "") String q, @RequestParam(required = false) String group, Principal principal,
                Model model) {
        Account account = page(principal, model);
        String query = q.length() > 200 ? q.substring(0, 200) : q;
        model.addAttribute("contacts", book.store().list(account.id(), query, Optional.ofNullable(group).filter(g -> !g.isBlank()), PAGE));
        model.addAttribute("q", query);
        model.addAttribute("group", group == null ? "" : group);
        model.addAttribute("groups", book.store().groups(account.id()));
        model.addAttribute("total", book.store().count(account.id()));
        return "contacts/list";
    }

    @GetMapping("/contacts/new")
    String create(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String name, Principal principal,
                  Model model) {
        page(principal, model);
        model.addAttribute("form", new ContactForm(name, email, "", "", ""));
        model.addAttribute("contactId", null);
        return "contacts/form";
    }

    @GetMapping("/contacts/{id}")
    String edit(@PathVariable long id, Principal principal, Model model) {
        Account account = page(principal, model);
        Contact contact = book.store().find(account.id(), id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("form", ContactForm.of(contact));
        model.addAttribute("contactId", contact.id());
        return "contacts/form";
    }

    @PostMapping("/contacts")
    String save(ContactForm form, @RequestParam(required = false) Long id, Principal principal, Model model,
                RedirectAttributes redirect) {
        Account account = current.of(principal);
        Optional<String> problem = form.problem(book.limits().maxValuesPerField());
        AddressBook.Outcome outcome = problem.isPresent() ? null
                : id == null ? book.create(account.id(), form.toForm()) : book.update(account.id(), id, form.toForm());
        String error = problem.orElseGet(() -> switch (outcome) {
            case AddressBook.Outcome.Done done -> null;
            case AddressBook.Outcome.Refused refused -> "contacts.error." + refused.reason().name();
            case AddressBook.Outcome.Missing missing -> throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            case AddressBook.Outcome.Conflict conflict -> "contacts.error.conflict";
            case AddressBook.Outcome.Full full -> "contacts.error.full";
        });
        if (error != null) {
            page(principal, model);
            model.addAttribute("form", form);
            model.addAttribute("contactId", id);
            model.addAttribute("error", error);
            return "contacts/form";
        }
        redirect.addFlashAttribute("contactsFlash", id == null ? "contacts.created" : "contacts.saved");
        return "redirect:/contacts";
    }

    @PostMapping("/contacts/{id}/delete")
    String delete(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        Account account = current.of(principal);
        if (!(book.store().delete(account.id(), id, java.util.OptionalLong.empty()) instanceof Contacts.Saved.Stored)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        redirect.addFlashAttribute("contactsFlash", "contacts.deleted");
        return "redirect:/contacts";
    }

    @GetMapping("/contacts/groups")
    String groups(Principal principal, Model model) {
        Account account = page(principal, model);
        model.addAttribute("groups", book.store().groups(account.id()));
        return "contacts/groups";
    }

    @PostMapping("/contacts/groups/delete")
    String deleteGroup(@RequestParam String name, Principal principal, RedirectAttributes redirect) {
        Account account = current.of(principal);
        book.removeGroup(account.id(), name);
        redirect.addFlashAttribute("contactsFlash", "contacts.groups.deleted");
        return "redirect:/contacts/groups";
    }

    @GetMapping("/contacts/collected")
    String collected(Principal principal, Model model) {
        Account account = page(principal, model);
        model.addAttribute("collected", book.store().collected(account.id()));
        model.addAttribute("maxCollected", book.limits().maxCollected());
        return "contacts/collected";
    }

    @PostMapping("/contacts/collected/forget")
    String forget(@RequestParam String address, Principal principal, RedirectAttributes redirect) {
        Account account = current.of(principal);
        book.store().forgetCollected(account.id(), address);
        redirect.addFlashAttribute("contactsFlash", "contacts.collected.forgotten");
        return "redirect:/contacts/collected";
    }

    /** Autocomplete for To/Cc/Bcc: {@code [{name, address, value, source}]}, contacts first, then collected addresses. */
    @GetMapping(path = "/contacts/suggest", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    List<Map<String, String>> suggest(@RequestParam(defaultValue = "") String q, Principal principal) {
        Account account = current.of(principal);
        return book.suggest(account.id(), q).stream().map(s -> Map.of("name", s.name(), "address", s.address(),
                "value", RecipientText.of(s.name(), s.address()), "source", s.source().name().toLowerCase(java.util.Locale.ROOT))).toList();
    }

    @GetMapping("/contacts/export.vcf")
    ResponseEntity<byte[]> export(Principal principal) {
        Account account = current.of(principal);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "vcard", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("contacts.vcf").build().toString())
                .body(book.export(account.id()).getBytes(StandardCharsets.UTF_8));
    }

    @PostMapping("/contacts/import")
    String importCards(@RequestParam("file") MultipartFile file, Principal principal, Model model) throws IOException {
        Account account = page(principal, model);
        long max = book.limits().maxImportSize().toBytes();
        if (file.isEmpty() || file.getSize() > max) {
            model.addAttribute("importError", file.isEmpty() ? "contacts.import.empty" : "contacts.import.tooLarge");
            model.addAttribute("maxImport", book.limits().maxImportSize().toKilobytes() + " KB");
            model.addAttribute("report", null);
            return "contacts/import";
        }
        String text = new String(file.getBytes(), StandardCharsets.UTF_8);
        model.addAttribute("report", book.importCards(account.id(), text));
        model.addAttribute("importError", null);
        model.addAttribute("maxImport", book.limits().maxImportSize().toKilobytes() + " KB");
        return "contacts/import";
    }

    @GetMapping("/contacts/import")
    String importPage(Principal principal, Model model) {
        page(principal, model);
        model.addAttribute("report", null);
        model.addAttribute("importError", null);
        model.addAttribute("maxImport", book.limits().maxImportSize().toKilobytes() + " KB");
        return "contacts/import";
    }

    private Account page(Principal principal, Model model) {
        Account account = current.of(principal);
        model.addAttribute("account", account);
        model.addAttribute("folders", folders.of(account.id()));
        return account;
    }

    /** The contact form as posted: addresses and phones one per line, groups separated by commas. */
    record ContactForm(String fullName, String emails, String phones, String note, String groups) {
        ContactForm {
            fullName = fullName == null ? "" : fullName;
            emails = emails == null ? "" : emails;
            phones = phones == null ? "" : phones;
            note = note == null ? "" : note;
            groups = groups == null ? "" : groups;
        }

        static ContactForm of(Contact contact) {
            return new ContactForm(contact.fullName(), String.join("\n", contact.emails()), String.join("\n", contact.data().phones()),
                    contact.data().note(), String.join(", ", contact.data().groups()));
        }

        List<String> emailList() {
            return lines(emails);
        }

        AddressBook.Form toForm() {
            return new AddressBook.Form(fullName.strip(), emailList(), lines(phones), note.strip(),
                    Arrays.stream(groups.split(",")).map(String::strip).filter(g -> !g.isEmpty()).toList());
        }

        /** A bundle key when the form cannot be saved as it is. */
        Optional<String> problem(int maxValues) {
            if (fullName.isBlank() && emailList().isEmpty()) {
                return Optional.of("contacts.error.NO_NAME_OR_ADDRESS");
            }
            if (fullName.length() > 255 || note.length() > 4000 || fullName.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                return Optional.of("contacts.error.TOO_LARGE");
            }
            AddressBook.Form form = toForm();
            if (form.emails().size() > maxValues || form.phones().size() > maxValues || form.groups().size() > maxValues
                    || form.groups().stream().anyMatch(g -> g.length() > 100) || form.phones().stream().anyMatch(p -> p.length() > 100)) {
                return Optional.of("contacts.error.TOO_MANY_VALUES");
            }
            if (form.emails().stream().anyMatch(e -> !VCards.plausibleAddress(e))) {
                return Optional.of("contacts.error.BAD_ADDRESS");
            }
            return Optional.empty();
        }

        private static List<String> lines(String text) {
            return text.lines().map(String::strip).filter(l -> !l.isEmpty()).limit(1000).toList();
        }
    }
}
