package dev.mailwright.smtp;

/** What a listener is for: receiving for local domains (MX), or authenticated submission (RFC 6409). */
enum SmtpService {
    /** Port 25: no AUTH, local recipients only, null sender accepted. */
    MX,
    /** Ports 587/465: AUTH before MAIL, sender must belong to the account, Message-ID/Date added. */
    SUBMISSION
}
