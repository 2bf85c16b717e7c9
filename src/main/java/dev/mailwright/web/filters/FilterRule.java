package dev.mailwright.web.filters;

import java.util.List;

/**
 * One rule of the Filters page: when its conditions match (all or any), its actions run and no later rule is
 * looked at. A disabled rule is kept on the page but generates no Sieve.
 */
record FilterRule(String name, boolean enabled, Match match, List<Condition> conditions, Actions actions) {
    FilterRule {
        conditions = List.copyOf(conditions);
    }

    enum Match { ALL, ANY }

    /** What a condition looks at. SIZE_* compare the message size; SPAM / NOT_SPAM read the inbound verdict. */
    enum Field {
        FROM, TO, SUBJECT, HEADER, SIZE_OVER, SIZE_UNDER, SPAM, NOT_SPAM;

        boolean text() {
            return this == FROM || this == TO || this == SUBJECT || this == HEADER;
        }

        boolean size() {
            return this == SIZE_OVER || this == SIZE_UNDER;
        }
    }

    /** How a text field is compared (Sieve's i;ascii-casemap: letters of any case are equal). */
    enum Operator { CONTAINS, NOT_CONTAINS, IS, NOT_IS }

    /**
     * @param header the field name when {@code field} is HEADER, else empty
     * @param value  the text to compare for text fields, the size ({@code 100K}, {@code 2M}) for size fields, else empty
     */
    record Condition(Field field, Operator operator, String header, String value) {
    }

    /**
     * @param moveTo      the folder to file into, or empty to leave the message where it goes
     * @param forwardTo   the address to redirect to, or empty
     * @param forwardCopy keep a copy here too (RFC 3894 :copy) when forwarding
     * @param reject      the rejection text, or empty; a rejecting rule takes no other action
     */
    record Actions(String moveTo, boolean markRead, boolean flag, String forwardTo, boolean forwardCopy, boolean discard,
                   String reject) {
        static final Actions NONE = new Actions("", false, false, "", false, false, "");
    }
}
