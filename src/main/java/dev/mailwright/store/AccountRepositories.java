package dev.mailwright.store;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface DomainRepository extends JpaRepository<DomainEntity, Long> {
    Optional<DomainEntity> findByName(String name);

    List<DomainEntity> findAllByOrderByNameAsc();
}

interface AccountRepository extends JpaRepository<AccountEntity, Long> {
    Optional<AccountEntity> findByAddressLower(String addressLower);

    List<AccountEntity> findAllByOrderByAddressLowerAsc();

    boolean existsByAddressLowerEndingWith(String suffix);
}

interface AliasRepository extends JpaRepository<AliasEntity, Long> {
    Optional<AliasEntity> findBySource(String source);

    List<AliasEntity> findByAccountIdOrderBySourceAsc(Long accountId);

    void deleteBySource(String source);

    List<AliasEntity> findAllByOrderBySourceAsc();

    boolean existsBySourceEndingWith(String suffix);
}
