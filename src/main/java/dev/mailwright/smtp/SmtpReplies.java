package dev.mailwright.smtp;

/** Every reply the server sends, in one place (codes: RFC 5321 §4.2.3, enhanced: RFC 3463/5248). */
final class SmtpReplies {
    private SmtpReplies() {
    }

    // greeting and session
    static final SmtpReply GREETING = new SmtpReply(220, "", "%s ESMTP Mailwright ready");
    static final SmtpReply HELO_OK = new SmtpReply(250, "", "%s Hello %s");
    static final SmtpReply CLOSING = new SmtpReply(221, "2.0.0", "%s closing connection");
    static final SmtpReply OK = new SmtpReply(250, "2.0.0", "OK");
    static final SmtpReply RESET_OK = new SmtpReply(250, "2.0.0", "Reset OK");
    static final SmtpReply VRFY_NONCOMMITTAL = new SmtpReply(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery");
    static final SmtpReply HELP = new SmtpReply(214, "2.0.0", "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH");

    // transaction
    static final SmtpReply SENDER_OK = new SmtpReply(250, "2.1.0", "Sender <%s> OK");
    static final SmtpReply RECIPIENT_OK = new SmtpReply(250, "2.1.5", "Recipient <%s> OK");
    static final SmtpReply START_DATA = new SmtpReply(354, "", "End data with <CR><LF>.<CR><LF>");
    static final SmtpReply MESSAGE_ACCEPTED = new SmtpReply(250, "2.0.0", "Message accepted as %s");
    static final SmtpReply CHUNK_OK = new SmtpReply(250, "2.0.0", "%d octets received");

    // STARTTLS and AUTH
    static final SmtpReply READY_FOR_TLS = new SmtpReply(220, "2.0.0", "Ready to start TLS");
    static final SmtpReply TLS_ALREADY_ACTIVE = new SmtpReply(503, "5.5.1", "TLS already active");
    static final SmtpReply TLS_PIPELINED = new SmtpReply(554, "5.5.1", "Command pipelined after STARTTLS; TLS not started");
    static final SmtpReply TLS_IN_TRANSACTION = new SmtpReply(503, "5.5.1", "STARTTLS not permitted during a mail transaction");
    static final SmtpReply AUTH_CHALLENGE = new SmtpReply(334, "", "%s");
    static final SmtpReply AUTH_OK = new SmtpReply(235, "2.7.0", "Authentication successful");
    static final SmtpReply AUTH_FAILED = new SmtpReply(535, "5.7.8", "Authentication credentials invalid");
    static final SmtpReply AUTH_THROTTLED = new SmtpReply(454, "4.7.0", "Too many failed authentications, try again later");
    static final SmtpReply AUTH_CANCELLED = new SmtpReply(501, "5.7.0", "Authentication cancelled");
    static final SmtpReply AUTH_BAD_RESPONSE = new SmtpReply(501, "5.5.2", "Cannot decode the authentication response");
    static final SmtpReply AUTH_MECHANISM_UNSUPPORTED = new SmtpReply(504, "5.5.4", "Unrecognized authentication type");
    static final SmtpReply AUTH_NOT_AVAILABLE = new SmtpReply(503, "5.5.1", "Authentication not enabled on this port");
    static final SmtpReply AUTH_ALREADY = new SmtpReply(503, "5.5.1", "Already authenticated");
    static final SmtpReply AUTH_IN_TRANSACTION = new SmtpReply(503, "5.5.1", "AUTH not permitted during a mail transaction");
    static final SmtpReply ENCRYPTION_REQUIRED = new SmtpReply(538, "5.7.11", "Encryption required for requested authentication mechanism");
    static final SmtpReply STARTTLS_FIRST = new SmtpReply(530, "5.7.0", "Must issue a STARTTLS command first");
    static final SmtpReply AUTH_REQUIRED = new SmtpReply(530, "5.7.0", "Authentication required");

    // policy
    static final SmtpReply RELAY_DENIED = new SmtpReply(554, "5.7.1", "Relay access denied for <%s>");
    static final SmtpReply UNKNOWN_USER = new SmtpReply(550, "5.1.1", "No such user here: <%s>");
    static final SmtpReply SENDER_NOT_OWNED = new SmtpReply(553, "5.7.1", "Sender address <%s> not owned by the authenticated user");
    /** The {@code From:} (or {@code Sender:}) header names an address the authenticated user may not send as. */
    static final SmtpReply AUTHOR_NOT_OWNED = new SmtpReply(553, "5.7.1",
            "From address <%s> not owned by the authenticated user; send as your own address or one of your aliases");
    static final SmtpReply AUTHOR_MISSING = new SmtpReply(553, "5.7.1", "The From header names no complete address (local-part@domain)");
    static final SmtpReply HEADER_TOO_LARGE = new SmtpReply(552, "5.3.4", "Header section too large (more than %d octets)");
    static final SmtpReply NULL_SENDER_NOT_ALLOWED = new SmtpReply(553, "5.7.1", "Null sender not allowed for submission");
    static final SmtpReply BAD_ADDRESS = new SmtpReply(553, "5.1.3", "Bad address syntax: %s");

    // limits
    static final SmtpReply LINE_TOO_LONG = new SmtpReply(500, "5.5.2", "Line too long");
    static final SmtpReply TEXT_LINE_TOO_LONG = new SmtpReply(500, "5.5.2", "Line too long in message text (more than %d octets); message refused");
    static final SmtpReply BARE_LINE_ENDING = new SmtpReply(554, "5.6.0", "Bare CR or LF in message text; lines must end with CRLF; message refused");
    static final SmtpReply MESSAGE_TOO_BIG = new SmtpReply(552, "5.3.4", "Message size exceeds fixed maximum message size (%d octets)");
    static final SmtpReply TOO_MANY_RECIPIENTS = new SmtpReply(452, "4.5.3", "Too many recipients");
    static final SmtpReply TOO_MANY_CONNECTIONS = new SmtpReply(421, "4.7.0", "%s Too many connections, try again later");
    static final SmtpReply SHUTTING_DOWN = new SmtpReply(421, "4.3.2", "%s Service shutting down, try again later");
    static final SmtpReply IDLE_TIMEOUT = new SmtpReply(421, "4.4.2", "%s Idle timeout, closing connection");
    static final SmtpReply TOO_MANY_ERRORS = new SmtpReply(421, "4.7.0", "%s Too many errors, closing connection");
    static final SmtpReply COMMAND_TOO_SLOW = new SmtpReply(421, "4.4.2", "%s Command not completed in time, closing connection");
    static final SmtpReply TRANSFER_TOO_SLOW = new SmtpReply(421, "4.4.2", "%s Data transfer too slow, closing connection");
    static final SmtpReply SESSION_TOO_LONG = new SmtpReply(421, "4.4.2", "%s Session time limit reached, closing connection");
    static final SmtpReply NOT_AUTHENTICATED_IN_TIME = new SmtpReply(421, "4.7.0", "%s Not authenticated in time, closing connection");

    // syntax and sequence
    static final SmtpReply UNKNOWN_COMMAND = new SmtpReply(500, "5.5.2", "Command unrecognized");
    static final SmtpReply SYNTAX = new SmtpReply(501, "5.5.4", "Syntax: %s");
    static final SmtpReply UNSUPPORTED_PARAMETER = new SmtpReply(555, "5.5.4", "Unsupported parameter: %s");
    static final SmtpReply HELO_FIRST = new SmtpReply(503, "5.5.1", "Send EHLO or HELO first");
    static final SmtpReply NESTED_MAIL = new SmtpReply(503, "5.5.1", "Sender already specified");
    static final SmtpReply MAIL_FIRST = new SmtpReply(503, "5.5.1", "Need MAIL command first");
    static final SmtpReply RCPT_FIRST = new SmtpReply(503, "5.5.1", "Need RCPT command first");
    static final SmtpReply NO_VALID_RECIPIENTS = new SmtpReply(554, "5.5.1", "No valid recipients");
    static final SmtpReply DATA_AFTER_BDAT = new SmtpReply(503, "5.5.1", "DATA not permitted during BDAT transfer");

    // storage
    static final SmtpReply STORAGE_FAILURE = new SmtpReply(451, "4.3.0", "Temporary storage failure, try again later");
    /** RFC 3463 X.3.1: the data directory is below its free-space reserve (or full); nothing was written. */
    static final SmtpReply STORAGE_FULL = new SmtpReply(452, "4.3.1", "Insufficient system storage, try again later");
    static final SmtpReply MAILBOX_FULL = new SmtpReply(452, "4.2.2", "Mailbox full");
    /** RFC 5321 §4.2.2 / RFC 3463: this message does not fit in a recipient's quota. */
    static final SmtpReply MESSAGE_EXCEEDS_QUOTA = new SmtpReply(552, "5.2.2", "Mailbox full: the message exceeds the recipient's quota");
}
