/**
 * The mail store: the ONE way to read and change mail. SMTP, IMAP and the webmail call
 * {@link dev.mailwright.store.MailStore} and {@link dev.mailwright.store.AccountStore}; nothing else
 * touches the tables. Entities never leave this package tree: everything crossing its boundary is a record.
 */
package dev.mailwright.store;
