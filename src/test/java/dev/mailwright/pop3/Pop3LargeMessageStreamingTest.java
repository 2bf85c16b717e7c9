package dev.mailwright.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * RETR's copy of a 65 MB message, every line dot-stuffed, in a JVM whose whole heap is 32 MB: the body is streamed, never
 * held. Time budget: under a minute.
 */
class Pop3LargeMessageStreamingTest {

    @Test
    void aMessageLargerThanTheHeapShouldStreamThroughDotStuffing() throws Exception {
        long lines = 5_000_000;   // 13 octets each
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process process = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                Pop3StreamingHeapCheck.class.getName(), Long.toString(lines)).redirectErrorStream(true).start();
        boolean finished = process.waitFor(2, TimeUnit.MINUTES);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("finished in time").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.trim()).isEqualTo(Long.toString(lines * 14 + 3));   // one more dot a line, then ".\r\n"
    }
}
