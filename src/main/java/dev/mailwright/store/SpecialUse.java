package dev.mailwright.store;

/** RFC 6154 special-use attributes of the folders every account gets. */
public enum SpecialUse {
    DRAFTS("\\Drafts", "Drafts"),
    SENT("\\Sent", "Sent"),
    TRASH("\\Trash", "Trash"),
    JUNK("\\Junk", "Junk"),
    ARCHIVE("\\Archive", "Archive");

    private final String attribute;
    private final String defaultName;

    SpecialUse(String attribute, String defaultName) {
        this.attribute = attribute;
        this.defaultName = defaultName;
    }

    public String attribute() {
        return attribute;
    }

    public String defaultName() {
        return defaultName;
    }
}
