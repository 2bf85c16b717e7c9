package dev.mailwright.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.mailwright.web.message.SanitizerChecks;

/**
 * Arbitrary HTML through the webmail's sanitizer: the reading view's cleaner (with remote images blocked and
 * allowed) and the compose editor's cleaner for sending ({@code ComposedHtml.sanitize}). Must hold for every
 * input (checked by {@link SanitizerChecks} on the output parsed again with jsoup): no script-capable element
 * ({@code <script>}, {@code <svg>}, {@code <iframe>}, forms, {@code <base>}, {@code <meta>}, ...), no
 * {@code on*} handler or style attribute, no {@code javascript:}/{@code vbscript:} URL even with controls
 * inside the scheme, no {@code data:} URL but a raster image; images only from the message's own parts, raster
 * data or, when allowed, http(s); links open in a new tab without an opener; and one input costs at most
 * {@link #CPU_BUDGET_MS} of CPU and ends within {@link WorkBudget#HANG_SECONDS}.
 *
 * <p>Seeds: the hostile markup of {@code HtmlSanitizerTest} and the files under
 * {@code src/test/resources/dev/mailwright/fuzz/HtmlSanitizerFuzzTestInputs}. Budget: in {@code ./mvnw verify}
 * 45 s of coverage-guided fuzzing (the {@code fuzz} execution in pom.xml).
 */
class HtmlSanitizerFuzzTest {
    private static final long CPU_BUDGET_MS = 2_000;

    static Stream<byte[]> seeds() {
        return SanitizerChecks.hostileSeeds();
    }

    @MethodSource("seeds")
    @DictionaryEntries({"<script>", "</script>", "<svg", "<math", "<img src=", "<a href=", "javascript:", "&#x09;",
            "&#106;", "data:image/png;base64,", "data:text/html,", "cid:", "onerror=", "onload=", "style=", "<!--",
            "-->", "<![CDATA[", "<noscript>", "<template>", "<table>", "<select>", "<textarea>", "<iframe srcdoc=",
            "<base href=", "<meta http-equiv=", "\"", "'", "`", "=", " ", "\u0000"})
    @FuzzTest(maxDuration = "45s")
    void sanitizedHtmlShouldNeverCarryAScriptCapableConstruct(byte[] input) {
        WorkBudget.run("sanitizing", input.length, CPU_BUDGET_MS,
                () -> SanitizerChecks.check(new String(input, StandardCharsets.UTF_8)));
    }
}
