package dev.mailwright.sieve;

/**
 * A script that cannot be compiled, with where the problem is: the text users see in the webmail's filters page and
 * in ManageSieve's answers to PUTSCRIPT and CHECKSCRIPT.
 */
public final class SieveException extends Exception {
    private final SieveSyntax.Position position;

    public SieveException(SieveSyntax.Position position, String message) {
        super(position + ": " + message);
        this.position = position;
    }

    public SieveSyntax.Position position() {
        return position;
    }
}
