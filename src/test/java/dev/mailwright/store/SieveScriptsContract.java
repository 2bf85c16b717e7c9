package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.mailwright.store.SieveScripts.PutOutcome;

/** The script-count quota of {@link SieveScripts} (ManageSieve's QUOTA/MAXSCRIPTS), on H2 and (when configured) PostgreSQL. */
@SpringBootTest
@Timeout(120)
abstract class SieveScriptsContract {
    @Autowired
    AccountStore accounts;
    @Autowired
    SieveScripts scripts;

    private AccountId account() {
        return accounts.createAccount(uniqueAddress("sieve"), "h", false).id();
    }

    @Test
    void putWithALimitShouldRefuseANewNameAtTheLimitButReplaceAnExistingOne() {
        AccountId id = account();
        assertThat(scripts.put(id, "a", "keep;", 2)).isEqualTo(PutOutcome.STORED);
        assertThat(scripts.put(id, "b", "keep;", 2)).isEqualTo(PutOutcome.STORED);
        assertThat(scripts.put(id, "c", "keep;", 2)).isEqualTo(PutOutcome.TOO_MANY_SCRIPTS);
        assertThat(scripts.get(id, "c")).isEmpty();
        assertThat(scripts.put(id, "b", "discard;", 2)).isEqualTo(PutOutcome.STORED);
        assertThat(scripts.get(id, "b").orElseThrow().content()).isEqualTo("discard;");
        assertThat(scripts.count(id)).isEqualTo(2);
    }

    /** Delivery asks for the active script through a short-lived cache (RecentLookups): this node's changes apply at once. */
    @Test
    void theActiveScriptShouldFollowEveryChangeAtOnce() {
        AccountId id = account();
        assertThat(scripts.active(id)).isEmpty();
        scripts.put(id, "a", "keep;");
        assertThat(scripts.activate(id, Optional.of("a"))).isTrue();
        assertThat(scripts.active(id).orElseThrow().content()).isEqualTo("keep;");
        scripts.put(id, "a", "discard;");
        assertThat(scripts.active(id).orElseThrow().content()).isEqualTo("discard;");
        assertThat(scripts.put(id, "a", "stop;", 10)).isEqualTo(PutOutcome.STORED);
        assertThat(scripts.active(id).orElseThrow().content()).isEqualTo("stop;");
        assertThat(scripts.rename(id, "a", "b")).isTrue();
        assertThat(scripts.active(id).orElseThrow().name()).isEqualTo("b");
        assertThat(scripts.activate(id, Optional.empty())).isTrue();
        assertThat(scripts.active(id)).isEmpty();
    }

    @Test
    void countShouldFollowPutRenameAndDelete() {
        AccountId id = account();
        assertThat(scripts.count(id)).isZero();
        scripts.put(id, "a", "keep;");
        scripts.put(id, "b", "keep;", 10);
        assertThat(scripts.rename(id, "a", "c")).isTrue();
        assertThat(scripts.count(id)).isEqualTo(2);
        assertThat(scripts.activate(id, Optional.of("c"))).isTrue();
        assertThat(scripts.delete(id, "b")).isTrue();
        assertThat(scripts.count(id)).isEqualTo(1);
        assertThat(scripts.count(account())).as("another account's").isZero();
    }

    @Test
    void concurrentUploadsOfNewNamesShouldNeverPassTheLimitTogether() throws Exception {
        AccountId id = account();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<PutOutcome>> uploads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "script-" + i;
                uploads.add(() -> scripts.put(id, name, "keep;", 3));
            }
            long stored = 0;
            for (Future<PutOutcome> outcome : pool.invokeAll(uploads)) {
                if (outcome.get() == PutOutcome.STORED) {
                    stored++;
                }
            }
            assertThat(stored).isEqualTo(3);
            assertThat(scripts.count(id)).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }
}
