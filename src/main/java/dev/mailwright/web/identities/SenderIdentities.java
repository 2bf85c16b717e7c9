package dev.mailwright.web.identities;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.mailwright.store.AccountStore;
import dev.mailwright.store.AccountStore.Account;
import dev.mailwright.store.Identities;
import dev.mailwright.store.Identities.Identity;

/**
 * The From choices of the compose page: the account's own address (key {@code 0}) with its display name and
 * signature, then each identity (key: its id). {@link #choose} decides what the webmail may send as, with the same
 * ownership rule as SMTP submission ({@link AccountStore#maySendAs}), asked again at every send: an identity whose
 * alias an admin removed since is no longer offered nor accepted.
 */
@Component
public class SenderIdentities {
    public static final String OWN = "0";

    private final AccountStore accounts;
    private final Identities identities;

    SenderIdentities(AccountStore accounts, Identities identities) {
        this.accounts = accounts;
        this.identities = identities;
    }

    /** One From choice. */
    public record SenderChoice(String key, String address, String displayName, String signature) {
        /** {@code Name <address>}, or the address alone. */
        public String label() {
            return displayName.isBlank() ? address : displayName + " <" + address + ">";
        }
    }

    public List<SenderChoice> choices(Account account) {
        List<SenderChoice> out = new ArrayList<>();
        out.add(own(account));
        for (Identity identity : identities.list(account.id())) {
            if (accounts.maySendAs(account.id(), identity.address())) {
                out.add(choice(identity));
            }
        }
        return out;
    }

    /** The choice for {@code key} (blank: the own address); empty when the key names nothing this account owns. */
    public Optional<SenderChoice> choose(Account account, String key) {
        if (key == null || key.isBlank() || key.equals(OWN)) {
            return Optional.of(own(account));
        }
        long id;
        try {
            id = Long.parseLong(key);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return identities.find(account.id(), id)
                .filter(identity -> accounts.maySendAs(account.id(), identity.address()))
                .map(SenderIdentities::choice);
    }

    private SenderChoice own(Account account) {
        return new SenderChoice(OWN, account.address(), account.displayName() == null ? "" : account.displayName(),
                accounts.signature(account.id()).orElse(""));
    }

    private static SenderChoice choice(Identity identity) {
        return new SenderChoice(String.valueOf(identity.id()), identity.address(), identity.displayName(), identity.signature());
    }
}
