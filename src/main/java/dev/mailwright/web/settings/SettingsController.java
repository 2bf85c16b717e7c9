package dev.mailwright.web.settings;

import java.security.Principal;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.config.ServerTlsContext;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.web.AccountLocaleResolver;
import dev.mailwright.web.CurrentAccount;
import dev.mailwright.web.Folders;
import dev.mailwright.web.Notice;

/** Display name, password change and the "Set up your mail app" page. */
@Controller
class SettingsController {
    static final int MIN_PASSWORD_LENGTH = 10;
    static final int MAX_NAME = 100;

    private final CurrentAccount current;
    private final Folders folders;
    private final AccountStore accounts;
    private final PasswordEncoder encoder;
    private final MailwrightProperties properties;
    private final ServerTlsContext tls;
    private final MessageSource messages;

    SettingsController(CurrentAccount current, Folders folders, AccountStore accounts, PasswordEncoder encoder,
                       MailwrightProperties properties, ServerTlsContext tls, MessageSource messages) {
        this.tls = tls;
        this.messages = messages;
        this.current = current;
        this.folders = folders;
        this.accounts = accounts;
        this.encoder = encoder;
        this.properties = properties;
    }

    @GetMapping("/settings")
    String settings(Principal principal, Model model, Locale locale) {
        Account account = current.of(principal);
        model.addAttribute("account", account);
        model.addAttribute("folders", folders.of(account.id()));
        model.addAttribute("servers", servers());
        model.addAttribute("hostname", properties.hostname());
        model.addAttribute("signature", accounts.signature(account.id()).orElse(""));
        model.addAttribute("language", accounts.language(account.address()).orElse(""));
        model.addAttribute("maxSignature", properties.webmail().maxSignatureLength());
        // phones: the QR code opens the configuration profile (after signing in on the phone, if needed)
        String profileUrl = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/settings/mail-app/mailwright.mobileconfig").toUriString();
        model.addAttribute("profileUrl", profileUrl);
        model.addAttribute("profileQr", QrSvg.svg(profileUrl, messages.getMessage("settings.setup.qrTitle", new Object[] {profileUrl}, locale))
);
        model.addAttribute("certificateSha256", tls.certificateSha256());
        model.addAttribute("certificateSource", tls.description());
        return "settings/settings";
    }

    @PostMapping("/settings/name")
    String changeName(@RequestParam String name, Principal principal, RedirectAttributes redirect) {
        Account account = current.of(principal);
        if (name.length() > MAX_NAME || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            redirect.addFlashAttribute("nameError", Notice.of("settings.name.invalid", MAX_NAME));
        } else {
            accounts.updateDisplayName(account.id(), name);
            redirect.addFlashAttribute("flash", Notice.of(name.isBlank() ? "settings.name.removed" : "settings.name.saved"));
        }
        return "redirect:/settings";
    }

    /** The webmail language: one we have texts for, or empty to follow the browser's Accept-Language. */
    @PostMapping("/settings/language")
    String changeLanguage(@RequestParam(defaultValue = "") String language, Principal principal, RedirectAttributes redirect) {
        Account account = current.of(principal);
        boolean offered = language.isEmpty() || AccountLocaleResolver.LANGUAGES.stream().anyMatch(l -> l.getLanguage().equals(language));
        if (!offered) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "no such language");
        }
        accounts.updateLanguage(account.id(), language);
        return "redirect:/settings";
    }

    @PostMapping("/settings/signature")
    String changeSignature(@RequestParam(defaultValue = "") String signature, Principal principal, RedirectAttributes redirect) {
        Account account = current.of(principal);
        int max = properties.webmail().maxSignatureLength();
        String text = signature.replace("\r\n", "\n");
        if (text.length() > max || text.chars().anyMatch(c -> (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)) {
            redirect.addFlashAttribute("signatureError", Notice.of("settings.signature.invalid", max));
        } else {
            accounts.updateSignature(account.id(), text);
            redirect.addFlashAttribute("flash", Notice.of(text.isBlank() ? "settings.signature.removed" : "settings.signature.saved"));
        }
        return "redirect:/settings";
    }

    @PostMapping("/settings/password")
    String changePassword(@RequestParam String current, @RequestParam("new") String newPassword,
                          @RequestParam String repeat, Principal principal, RedirectAttributes redirect) {
        Account account = this.current.of(principal);
        Notice problem = !encoder.matches(current, account.passwordHash()) ? Notice.of("settings.password.wrong")
                : newPassword.length() < MIN_PASSWORD_LENGTH ? Notice.of("settings.password.short", MIN_PASSWORD_LENGTH)
                : !newPassword.equals(repeat) ? Notice.of("settings.password.mismatch")
                : null;
        if (problem != null) {
            redirect.addFlashAttribute("passwordError", problem);
        } else {
            accounts.updatePasswordHash(account.id(), encoder.encode(newPassword));
            redirect.addFlashAttribute("flash", Notice.of("settings.password.changed"));
        }
        return "redirect:/settings";
    }

    /** What a mail app needs, from the listeners actually configured (a disabled listener is not shown). */
    private List<Server> servers() {
        return java.util.stream.Stream.of(
                        new Server("IMAP", "incoming", properties.imaps(), "SSL/TLS"),
                        new Server("IMAP", "incoming", properties.imap(), "STARTTLS"),
                        new Server("SMTP", "outgoing", properties.submissions(), "SSL/TLS"),
                        new Server("SMTP", "outgoing", properties.submission(), "STARTTLS"))
                .filter(s -> s.listener().enabled())
                .toList();
    }

    record Server(String protocol, String purpose, MailwrightProperties.Listener listener, String security) {
        public int port() {
            return listener.port();
        }
    }
}
