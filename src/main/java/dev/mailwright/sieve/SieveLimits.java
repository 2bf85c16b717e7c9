package dev.mailwright.sieve;

import java.time.Duration;

/**
 * Hard limits of one script and of one run: nothing a user writes can make delivery slow or unbounded.
 *
 * @param maxScriptBytes      a script's size (ManageSieve PUTSCRIPT and the webmail refuse larger ones)
 * @param maxNesting          blocks and tests inside each other
 * @param maxActions          actions one run may take (fileinto, redirect, vacation, keep...)
 * @param maxRedirects        redirects one run may take
 * @param maxMatchSteps       comparison steps one run may spend (each character a wildcard or a {@code :regex}
 *                            looks at counts, so no user pattern can backtrack for long)
 * @param maxVariableChars    length of a variable's value and of an expanded string
 * @param maxVariables        distinct variables one run may set
 * @param maxIncludeDepth     scripts including each other, the active script being depth 0 (RFC 6609)
 * @param maxIncludes         include commands one run may execute
 * @param maxHeaderEdits      addheader and deleteheader actions one run may take (RFC 5293)
 * @param duplicatePeriod     how long {@code duplicate} remembers a message without {@code :seconds} (RFC 7352)
 * @param maxDuplicatePeriod  the longest {@code duplicate :seconds} honoured: the bound of the tracking table
 */
public record SieveLimits(int maxScriptBytes, int maxNesting, int maxActions, int maxRedirects, long maxMatchSteps,
                          int maxVariableChars, int maxVariables, int maxIncludeDepth, int maxIncludes,
                          int maxHeaderEdits, Duration duplicatePeriod, Duration maxDuplicatePeriod) {
    public static final SieveLimits DEFAULTS = new SieveLimits(64 * 1024, 32, 32, 4, 10_000_000L, 4_000, 128, 8, 32,
            64, Duration.ofDays(1), Duration.ofDays(7));

    public SieveLimits {
        if (maxScriptBytes < 1 || maxNesting < 1 || maxActions < 1 || maxRedirects < 0 || maxMatchSteps < 1
                || maxVariableChars < 1 || maxVariables < 1 || maxIncludeDepth < 0 || maxIncludes < 0
                || maxHeaderEdits < 0 || duplicatePeriod.isNegative() || duplicatePeriod.isZero()
                || maxDuplicatePeriod.compareTo(duplicatePeriod) < 0) {
            throw new IllegalArgumentException("Sieve limits must be positive");
        }
    }

    /** The limits of the base language; the extensions' limits at their defaults. */
    public SieveLimits(int maxScriptBytes, int maxNesting, int maxActions, int maxRedirects, long maxMatchSteps,
                       int maxVariableChars, int maxVariables) {
        this(maxScriptBytes, maxNesting, maxActions, maxRedirects, maxMatchSteps, maxVariableChars, maxVariables, 8, 32,
                64, Duration.ofDays(1), Duration.ofDays(7));
    }
}
