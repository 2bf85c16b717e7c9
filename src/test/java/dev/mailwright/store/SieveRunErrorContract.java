package dev.mailwright.store;

import static dev.mailwright.store.StoreTestSupport.uniqueAddress;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The last Sieve failure per account (V22) and the accounts with a named script, on H2 and PostgreSQL. */
@SpringBootTest
abstract class SieveRunErrorContract {
    @Autowired
    AccountStore accounts;
    @Autowired
    SieveScripts scripts;

    @Test
    void theLastErrorReplacesTheOneBeforeIsCutToItsLimitAndCanBeCleared() {
        AccountId account = accounts.createAccount(uniqueAddress("sieve-error"), "h", false).id();
        assertThat(scripts.lastError(account)).isEmpty();
        Instant first = Instant.parse("2026-12-05T10:00:00Z");
        scripts.recordError(account, "main", "line 1, column 1: unknown command frobnicate", first);
        assertThat(scripts.lastError(account)).contains(new SieveScripts.RunError("main",
                "line 1, column 1: unknown command frobnicate", first));

        Instant second = first.plusSeconds(60);
        scripts.recordError(account, "other", "x".repeat(SieveScripts.MAX_ERROR_LENGTH + 50), second);
        SieveScripts.RunError error = scripts.lastError(account).orElseThrow();
        assertThat(error.scriptName()).isEqualTo("other");
        assertThat(error.message()).hasSize(SieveScripts.MAX_ERROR_LENGTH);
        assertThat(error.at()).isEqualTo(second);

        scripts.clearError(account);
        assertThat(scripts.lastError(account)).isEmpty();
    }

    @Test
    void accountsWithScriptListsOnlyThoseThatHaveOneOfThatName() {
        AccountId with = accounts.createAccount(uniqueAddress("with-webmail"), "h", false).id();
        AccountId without = accounts.createAccount(uniqueAddress("without-webmail"), "h", false).id();
        scripts.put(with, "webmail", "keep;");
        scripts.put(without, "other", "keep;");
        assertThat(scripts.accountsWithScript("webmail")).contains(with).doesNotContain(without);
    }
}
