package dev.mailwright.web.contacts;

/** How a suggestion goes into a To field: {@code "Name" <address>} with the name quoted as RFC 5322 §3.2.4 needs. */
final class RecipientText {
    private RecipientText() {
    }

    static String of(String name, String address) {
        if (name == null || name.isBlank() || name.equalsIgnoreCase(address)) {
            return address;
        }
        String clean = name.replaceAll("[\\p{Cntrl}]", " ").strip();
        boolean atomsOnly = clean.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == ' ' || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0);
        String phrase = atomsOnly ? clean : "\"" + clean.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return phrase + " <" + address + ">";
    }
}
