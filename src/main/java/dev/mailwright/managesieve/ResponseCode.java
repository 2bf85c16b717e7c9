package dev.mailwright.managesieve;

/** The response codes of RFC 5804 §1.3 this server sends; the TAG code of NOOP carries a string and is written apart. */
enum ResponseCode {
    ENCRYPT_NEEDED("ENCRYPT-NEEDED"),
    QUOTA_MAXSCRIPTS("QUOTA/MAXSCRIPTS"),
    QUOTA_MAXSIZE("QUOTA/MAXSIZE"),
    TRYLATER("TRYLATER"),
    ACTIVE("ACTIVE"),
    NONEXISTENT("NONEXISTENT"),
    ALREADYEXISTS("ALREADYEXISTS");

    private final String wire;

    ResponseCode(String wire) {
        this.wire = wire;
    }

    String wire() {
        return wire;
    }
}
