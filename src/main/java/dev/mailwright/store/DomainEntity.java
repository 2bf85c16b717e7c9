package dev.mailwright.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A local domain (lower-case). */
@Entity
@Table(name = "domain")
class DomainEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 253)
    private String name;

    protected DomainEntity() {
    }

    DomainEntity(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }
}
