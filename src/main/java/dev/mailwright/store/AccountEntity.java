package dev.mailwright.store;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An account row; crosses the package boundary only as {@link AccountStore.Account}. */
@Entity
@Table(name = "account")
class AccountEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 320)
    private String address;

    @Column(name = "address_lower", nullable = false, length = 320)
    private String addressLower;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(nullable = false)
    private boolean admin;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "display_name")
    private String displayName;

    @Column(name = "signature", length = 4000)
    private String signature;

    @Column(name = "language", length = 16)
    private String language;

    @Column(name = "quota_bytes")
    private Long quotaBytes;

    @Column(name = "quota_messages")
    private Long quotaMessages;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected AccountEntity() {
    }

    AccountEntity(String address, String passwordHash, boolean admin, Instant createdAt) {
        this.address = address;
        this.addressLower = address.toLowerCase(java.util.Locale.ROOT);
        this.passwordHash = passwordHash;
        this.admin = admin;
        this.enabled = true;
        this.createdAt = createdAt;
    }

    Long id() {
        return id;
    }

    String address() {
        return address;
    }

    void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    String signature() {
        return signature;
    }

    void setSignature(String signature) {
        this.signature = signature;
    }

    String language() {
        return language;
    }

    void setLanguage(String language) {
        this.language = language;
    }

    void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    void setAdmin(boolean admin) {
        this.admin = admin;
    }

    void setQuota(Quota quota) {
        this.quotaBytes = quota.storageBytes().isPresent() ? quota.storageBytes().getAsLong() : null;
        this.quotaMessages = quota.messages().isPresent() ? quota.messages().getAsLong() : null;
    }

    AccountStore.Account toRecord() {
        return new AccountStore.Account(new AccountId(id), address, passwordHash, admin, enabled, displayName);
    }
}
