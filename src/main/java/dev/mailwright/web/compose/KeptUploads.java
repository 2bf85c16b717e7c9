package dev.mailwright.web.compose;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.store.AccountId;

/**
 * The files a compose form carried when it came back with an error (bad recipient, too large…), kept in memory
 * under the form's compose key so the user need not attach them again. Bounded per account
 * ({@code mailwright.webmail-html.max-kept-attachments}: older compose forms give way first; a file that still does
 * not fit is not kept and the form says so) and in time ({@code kept-attachments-lifetime}, swept at every use).
 * Sending or saving the draft forgets them.
 */
@Component
public class KeptUploads {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One kept file; {@code id} is what the form's "keep" checkbox sends back. */
    public record Kept(String id, String filename, String contentType, byte[] bytes) {
        public long size() {
            return bytes.length;
        }

        MultipartFile asUpload() {
            return new KeptFile(this);
        }
    }

    private record Form(List<Kept> files, Instant keptAt) {
        long bytes() {
            return files.stream().mapToLong(Kept::size).sum();
        }
    }

    private final Map<AccountId, LinkedHashMap<String, Form>> accounts = new ConcurrentHashMap<>();
    private final long maxBytes;
    private final Duration lifetime;
    private final Clock clock;

    @Autowired
    KeptUploads(MailwrightProperties properties) {
        this(properties.webmailHtml().maxKeptAttachments().toBytes(), properties.webmailHtml().keptAttachmentsLifetime(),
                Clock.systemUTC());
    }

    KeptUploads(long maxBytes, Duration lifetime, Clock clock) {
        this.maxBytes = maxBytes;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A new compose key: unguessable, so one form cannot name another's files even within the account. */
    static String newKey() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean isKey(String key) {
        if (key == null || key.length() != 24) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** The kept files of this form that the user still wants ({@code ids} from the checked boxes). */
    List<Kept> find(AccountId account, String key, Collection<String> ids) {
        sweep();
        LinkedHashMap<String, Form> forms = accounts.get(account);
        if (forms == null) {
            return List.of();
        }
        synchronized (forms) {
            Form form = forms.get(key);
            return form == null ? List.of() : form.files().stream().filter(k -> ids.contains(k.id())).toList();
        }
    }

    /**
     * Keeps these files for the form, replacing what it had. Returns what was kept: files that do not fit in the
     * account's bound, even after the account's other forms gave way, are left out.
     */
    List<Kept> keep(AccountId account, String key, List<MultipartFile> files) {
        sweep();
        LinkedHashMap<String, Form> forms = accounts.computeIfAbsent(account, a -> new LinkedHashMap<>());
        synchronized (forms) {
            forms.remove(key);
            long wanted = files.stream().filter(f -> !f.isEmpty()).mapToLong(MultipartFile::getSize).sum();
            Iterator<Form> oldest = forms.values().iterator();
            long others = forms.values().stream().mapToLong(Form::bytes).sum();
            while (others + wanted > maxBytes && oldest.hasNext()) {
                others -= oldest.next().bytes();
                oldest.remove();
            }
            List<Kept> kept = new ArrayList<>();
            long used = others;
            for (MultipartFile file : files) {
                if (file.isEmpty() || used + file.getSize() > maxBytes) {
                    continue;
                }
                try {
                    kept.add(new Kept(newKey(), file.getOriginalFilename() == null ? "attachment" : file.getOriginalFilename(),
                            file.getContentType() == null ? "application/octet-stream" : file.getContentType(), file.getBytes()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                used += file.getSize();
            }
            if (!kept.isEmpty()) {
                forms.put(key, new Form(List.copyOf(kept), clock.instant()));
            }
            return kept;
        }
    }

    void forget(AccountId account, String key) {
        LinkedHashMap<String, Form> forms = accounts.get(account);
        if (forms != null) {
            synchronized (forms) {
                forms.remove(key);
            }
        }
    }

    /** Bytes kept for the account (for tests). */
    long bytes(AccountId account) {
        LinkedHashMap<String, Form> forms = accounts.get(account);
        if (forms == null) {
            return 0;
        }
        synchronized (forms) {
            return forms.values().stream().mapToLong(Form::bytes).sum();
        }
    }

    private void sweep() {
        Instant oldest = clock.instant().minus(lifetime);
        accounts.forEach((account, forms) -> {
            synchronized (forms) {
                forms.values().removeIf(form -> form.keptAt().isBefore(oldest));
            }
        });
    }

    /** A kept file handed to the sender like a fresh upload. */
    private record KeptFile(Kept kept) implements MultipartFile {
        @Override
        public String getName() {
            return "attachments";
        }

        @Override
        public String getOriginalFilename() {
            return kept.filename();
        }

        @Override
        public String getContentType() {
            return kept.contentType();
        }

        @Override
        public boolean isEmpty() {
            return kept.bytes().length == 0;
        }

        @Override
        public long getSize() {
            return kept.bytes().length;
        }

        @Override
        public byte[] getBytes() {
            return kept.bytes().clone();
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(kept.bytes());
        }

        @Override
        public void transferTo(File dest) throws IOException {
            Files.write(dest.toPath(), kept.bytes());
        }
    }
}
