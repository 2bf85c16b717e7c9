package dev.mailwright.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.mailwright.store.AccountId;

/**
 * The {@code +detail} (RFC 5233) of each local account a message goes to, collected over its recipient addresses: an
 * account keeps a detail only when every address that reached it carried the same one, since it gets one copy (mixed
 * addresses file as if there were none). For {@link LocalDelivery#plan}.
 */
public final class RecipientDetails {
    private final Map<AccountId, Optional<String>> byAccount = new LinkedHashMap<>();

    public void add(AccountId account, Optional<String> detail) {
        byAccount.merge(account, detail, (a, b) -> a.equals(b) ? a : Optional.empty());
    }

    public Map<AccountId, String> details() {
        Map<AccountId, String> details = new LinkedHashMap<>();
        byAccount.forEach((account, detail) -> detail.ifPresent(d -> details.put(account, d)));
        return details;
    }
}
