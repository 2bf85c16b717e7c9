package dev.mailwright.sieve;

/**
 * Hard limits of one script and of one run: nothing a user writes can make delivery slow or unbounded.
 *
 * @param maxScriptBytes   a script's size (ManageSieve PUTSCRIPT and the webmail refuse larger ones)
 * @param maxNesting       blocks and tests inside each other
 * @param maxActions       actions one run may take (fileinto, redirect, vacation, keep...)
 * @param maxRedirects     redirects one run may take
 * @param maxMatchSteps    comparison steps one run may spend (each character a wildcard looks at counts)
 * @param maxVariableChars length of a variable's value and of an expanded string
 * @param maxVariables     distinct variables one run may set
 */
public record SieveLimits(int maxScriptBytes, int maxNesting, int maxActions, int maxRedirects, long maxMatchSteps,
                          int maxVariableChars, int maxVariables) {
    public static final SieveLimits DEFAULTS = new SieveLimits(64 * 1024, 32, 32, 4, 10_000_000L, 4_000, 128);

    public SieveLimits {
        if (maxScriptBytes < 1 || maxNesting < 1 || maxActions < 1 || maxRedirects < 0 || maxMatchSteps < 1
                || maxVariableChars < 1 || maxVariables < 1) {
            throw new IllegalArgumentException("Sieve limits must be positive");
        }
    }
}
