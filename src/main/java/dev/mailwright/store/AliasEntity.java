package dev.mailwright.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An alias: {@code source} is a lower-cased address or {@code @domain} (catch-all); it names an account or an external address. */
@Entity
@Table(name = "alias")
class AliasEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 320)
    private String source;

    @Column(name = "account_id")
    private Long accountId;

    @Column(name = "external_address", length = 320)
    private String externalAddress;

    protected AliasEntity() {
    }

    AliasEntity(String source, long accountId) {
        this.source = source;
        this.accountId = accountId;
    }

    AliasEntity(String source, String externalAddress) {
        this.source = source;
        this.externalAddress = externalAddress;
    }

    AccountStore.Destination destination() {
        return accountId != null ? new AccountStore.Destination.Local(new AccountId(accountId))
                : new AccountStore.Destination.Forward(externalAddress);
    }

    String source() {
        return source;
    }

}
