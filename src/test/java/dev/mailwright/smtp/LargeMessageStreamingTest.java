package dev.mailwright.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** A 50 MB message passes DATA framing and spooling in a JVM whose whole heap is 32 MB. */
class LargeMessageStreamingTest {

    @Test
    void fiftyMegabyteMessageShouldSpoolWithinA32MegabyteHeap() throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process process = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                SpoolHeapCheck.class.getName(), String.valueOf(50L * 1024 * 1024))
                .redirectErrorStream(true).start();
        boolean finished = process.waitFor(2, TimeUnit.MINUTES);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }

        assertThat(finished).as("finished in time").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        long expectedBody = 50L * 1024 * 1024 - (50L * 1024 * 1024) % 78;
        assertThat(output.trim()).isEqualTo("Received[size=" + (16 + expectedBody) + "] " + (17 + 16 + expectedBody));
    }
}
