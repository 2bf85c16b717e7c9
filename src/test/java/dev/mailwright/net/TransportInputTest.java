package dev.mailwright.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class TransportInputTest {

    private static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void bufferedShouldCountOnlyBytesAlreadyReadAhead() throws IOException {
        TransportInput in = new TransportInput(bytes("AB\r\nCD\r\n"));
        assertThat(in.buffered()).isZero();

        assertThat(in.read()).isEqualTo('A');

        assertThat(in.buffered()).isEqualTo(7);
        assertThat(in.available()).isEqualTo(7);
    }

    @Test
    void switchToShouldDropReadAheadAndContinueOnTheNewSource() throws IOException {
        TransportInput in = new TransportInput(bytes("plain-rest"));
        in.read();

        in.switchTo(bytes("tls"));

        assertThat(in.buffered()).isZero();
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("tls");
    }

    @Test
    void bulkReadShouldServeBufferedBytesFirst() throws IOException {
        TransportInput in = new TransportInput(bytes("hello world"));
        assertThat(in.read()).isEqualTo('h');
        byte[] target = new byte[4];

        assertThat(in.read(target, 0, 4)).isEqualTo(4);

        assertThat(new String(target, StandardCharsets.US_ASCII)).isEqualTo("ello");
        assertThat(in.read(new byte[100], 0, 100)).isEqualTo(6);
        assertThat(in.read()).isEqualTo(-1);
    }
}
