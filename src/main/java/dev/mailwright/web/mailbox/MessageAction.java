package dev.mailwright.web.mailbox;

/** What "select many" can do to the selected messages. */
enum MessageAction {
    READ, UNREAD, FLAG, UNFLAG, MOVE, DELETE, UNDELETE, JUNK, NOT_JUNK
}
