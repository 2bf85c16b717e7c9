package dev.mailwright.web.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockMultipartFile;

import dev.mailwright.store.AccountId;

/** The bounds of the attachments a refused compose form keeps: bytes per account, lifetime, and form keys. */
class KeptUploadsTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-05T06:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final KeptUploads kept = new KeptUploads(100, Duration.ofMinutes(60), clock);
    private final AccountId alice = new AccountId(1);
    private final AccountId bob = new AccountId(2);

    private static MockMultipartFile file(String name, int size) {
        return new MockMultipartFile("attachments", name, "application/pdf", new byte[size]);
    }

    @Test
    void keptFilesShouldComeBackOnlyForTheirFormAndAccountAndWhileChecked() throws Exception {
        String form = KeptUploads.newKey();
        List<KeptUploads.Kept> stored = kept.keep(alice, form, List.of(file("a.pdf", 10), file("b.pdf", 20)));
        assertThat(stored).extracting(KeptUploads.Kept::filename).containsExactly("a.pdf", "b.pdf");
        List<String> ids = stored.stream().map(KeptUploads.Kept::id).toList();

        assertThat(kept.find(alice, form, ids)).hasSize(2);
        assertThat(kept.find(alice, form, List.of(ids.get(1)))).extracting(KeptUploads.Kept::filename).containsExactly("b.pdf");
        assertThat(kept.find(alice, KeptUploads.newKey(), ids)).as("another form").isEmpty();
        assertThat(kept.find(bob, form, ids)).as("another account").isEmpty();
        assertThat(kept.find(alice, form, ids).getFirst().asUpload().getBytes()).hasSize(10);

        kept.forget(alice, form);
        assertThat(kept.find(alice, form, ids)).isEmpty();
        assertThat(kept.bytes(alice)).isZero();
    }

    @Test
    void theAccountBoundShouldMakeOlderFormsGiveWayAndRefuseWhatStillDoesNotFit() {
        String first = KeptUploads.newKey();
        String second = KeptUploads.newKey();
        kept.keep(alice, first, List.of(file("old.pdf", 60)));
        assertThat(kept.keep(alice, second, List.of(file("new.pdf", 70)))).hasSize(1);
        assertThat(kept.bytes(alice)).isEqualTo(70);
        assertThat(kept.keep(alice, second, List.of(file("fits.pdf", 90), file("too-much.pdf", 20))))
                .extracting(KeptUploads.Kept::filename).containsExactly("fits.pdf");
        assertThat(kept.keep(alice, first, List.of(file("huge.pdf", 101)))).isEmpty();
        assertThat(kept.keep(bob, first, List.of(file("bob.pdf", 100)))).as("each account has its own bound").hasSize(1);
    }

    @Test
    void keptFilesShouldExpireAfterTheirLifetime() {
        String form = KeptUploads.newKey();
        List<String> ids = kept.keep(alice, form, List.of(file("a.pdf", 10))).stream().map(KeptUploads.Kept::id).toList();
        now.set(now.get().plus(Duration.ofMinutes(59)));
        assertThat(kept.find(alice, form, ids)).hasSize(1);
        now.set(now.get().plus(Duration.ofMinutes(2)));
        assertThat(kept.find(alice, form, ids)).isEmpty();
        assertThat(kept.bytes(alice)).isZero();
    }

    @Test
    void onlyKeysOfTheGeneratedShapeShouldBeAccepted() {
        assertThat(KeptUploads.isKey(KeptUploads.newKey())).isTrue();
        assertThat(KeptUploads.isKey(null)).isFalse();
        assertThat(KeptUploads.isKey("short")).isFalse();
        assertThat(KeptUploads.isKey("../../../../etc/passwd/xx")).isFalse();
        assertThat(KeptUploads.isKey("ABCDEFGHIJKLMNOPQRSTUVWﾠ")).isFalse();
    }
}
