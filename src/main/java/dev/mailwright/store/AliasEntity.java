package dev.mailwright.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An alias: {@code source} is a lower-cased address or {@code @domain} (catch-all). */
@Entity
@Table(name = "alias")
class AliasEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 320)
    private String source;

    @Column(name = "account_id", nullable = false)
    private Long accountId;

    protected AliasEntity() {
    }

    AliasEntity(String source, long accountId) {
        this.source = source;
        this.accountId = accountId;
    }

    String source() {
        return source;
    }

    long accountId() {
        return accountId;
    }
}
