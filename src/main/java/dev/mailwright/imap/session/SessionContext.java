package dev.mailwright.imap.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.imap.wire.ImapEncoder;
import dev.mailwright.imap.wire.ImapEncoder.NameEncoding;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.imap.wire.ResponseOutput;
import dev.mailwright.imap.wire.Status;
import dev.mailwright.net.Connection;

/**
 * What one session's processors share besides its state: the connection, the response output, the
 * extensions the client enabled, and the capabilities to announce.
 */
public final class SessionContext {

    /** Extensions a client can switch on with ENABLE (RFC 5161) or by use (CONDSTORE, RFC 7162 §3.1). */
    public enum Extension { CONDSTORE, QRESYNC, UTF8_ACCEPT, IMAP4REV2 }

    /** Which revision's responses the session gets: IMAP4rev1 until {@code ENABLE IMAP4rev2} (RFC 9051 §6.3.1). */
    public enum Revision { REV1, REV2 }

    /** Whether the listener this session came in on offers STARTTLS. */
    public enum TlsOffer { STARTTLS_AVAILABLE, NONE }

    private final Connection connection;
    private final MailwrightProperties properties;
    private final TlsOffer tlsOffer;
    private final Set<Extension> enabled = EnumSet.noneOf(Extension.class);
    private ResponseOutput out;
    private Optional<NotifyWatch> notify = Optional.empty();

    public SessionContext(Connection connection, MailwrightProperties properties, TlsOffer tlsOffer) {
        this.connection = connection;
        this.properties = properties;
        this.tlsOffer = tlsOffer;
        this.out = new ResponseOutput(connection::write);
    }

    public Connection connection() {
        return connection;
    }

    public MailwrightProperties properties() {
        return properties;
    }

    public void send(ImapResponse response) throws IOException {
        ImapEncoder.write(response, out, names());
    }

    public void sendAll(List<? extends ImapResponse> responses) throws IOException {
        for (ImapResponse r : responses) {
            send(r);
        }
    }

    public void tagged(String tag, Status status, String text) throws IOException {
        send(new ImapResponse.Tagged(tag, status, Optional.empty(), text));
    }

    public void tagged(String tag, Status status, String code, String text) throws IOException {
        send(new ImapResponse.Tagged(tag, status, Optional.of(code), text));
    }

    public void flush() throws IOException {
        out.flush();
    }

    public NameEncoding names() {
        // IMAP4rev2 names are UTF-8 (RFC 9051 §5.1)
        return enabled.contains(Extension.UTF8_ACCEPT) || enabled.contains(Extension.IMAP4REV2)
                ? NameEncoding.UTF8 : NameEncoding.MODIFIED_UTF7;
    }

    public Revision revision() {
        return enabled.contains(Extension.IMAP4REV2) ? Revision.REV2 : Revision.REV1;
    }

    /** Once QRESYNC is enabled, expunges are announced as VANISHED (RFC 7162 §3.2.10). */
    public ExpungeForm expungeForm() {
        return enabled.contains(Extension.QRESYNC) ? ExpungeForm.VANISHED : ExpungeForm.EXPUNGE;
    }

    public boolean isEnabled(Extension extension) {
        return enabled.contains(extension);
    }

    /** Enables {@code extension}; true when it was not enabled before. */
    public boolean enable(Extension extension) {
        return enabled.add(extension);
    }

    /** The session's NOTIFY registration (RFC 5465), if NOTIFY SET is in effect. */
    public Optional<NotifyWatch> notifyWatch() {
        return notify;
    }

    public void notifyWatch(Optional<NotifyWatch> watch) {
        this.notify = watch;
    }

    /** After STARTTLS: nothing learned before TLS survives (RFC 3501 §6.2.1). */
    public void resetAfterTls() {
        enabled.clear();
        out = new ResponseOutput(connection::write);
    }

    public boolean plaintextAuthAllowed() {
        return connection.isSecure() || properties.security().allowPlaintextAuth();
    }

    public long appendLimit() {
        return properties.imapLimits().appendLimit().toBytes();
    }

    public List<String> capabilities(ImapState state) {
        List<String> caps = new ArrayList<>(List.of("IMAP4rev1", "IMAP4rev2", "LITERAL+", "SASL-IR", "ID", "ENABLE", "IDLE",
                "NAMESPACE", "UIDPLUS", "MOVE", "CHILDREN", "UNSELECT", "LIST-EXTENDED", "LIST-STATUS", "SPECIAL-USE", "XLIST",
                "CONDSTORE", "QRESYNC", "ESEARCH", "UTF8=ACCEPT", "STATUS=SIZE", "APPENDLIMIT=" + appendLimit(),
                "QUOTA", "QUOTA=RES-STORAGE", "QUOTA=RES-MESSAGE", "SEARCHRES", "CONTEXT=SEARCH"));
        caps.add("COMPRESS=DEFLATE");
        caps.addAll(List.of("SAVEDATE", "OBJECTID", "PREVIEW"));
        caps.addAll(List.of("BINARY", "MULTIAPPEND", "CATENATE"));   // RFC 3516, RFC 3502, RFC 4469
        caps.addAll(List.of("SORT", "SORT=DISPLAY", "THREAD=ORDEREDSUBJECT", "THREAD=REFERENCES"));   // RFC 5256, RFC 5957
        caps.addAll(List.of("ESORT", "CONTEXT=SORT", "PARTIAL"));   // RFC 5267 §3, §4; RFC 9394
        caps.add("NOTIFY");
        caps.addAll(List.of("ACL", "RIGHTS=texk"));   // RFC 4314
        if (state instanceof ImapState.NotAuthenticated) {
            if (!connection.isSecure() && tlsOffer == TlsOffer.STARTTLS_AVAILABLE) {
                caps.add("STARTTLS");
            }
            if (plaintextAuthAllowed()) {
                caps.add("AUTH=PLAIN");
                caps.add("AUTH=LOGIN");
            } else {
                caps.add("LOGINDISABLED");
            }
        }
        return caps;
    }

    public String capabilityCode(ImapState state) {
        return "CAPABILITY " + String.join(" ", capabilities(state));
    }
}
