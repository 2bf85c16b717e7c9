package dev.mailwright.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtocolTextTest {

    @Test
    void controlsAndNonAsciiBecomeQuestionMarksSoNoLineCanBeSplit() {
        assertThat(ProtocolText.printable("spam\r\nX-Injected: 1\tgrüße", 100)).isEqualTo("spam??X-Injected: 1?gr??e");
    }

    @Test
    void longTextIsCutAtTheBound() {
        assertThat(ProtocolText.printable("x".repeat(5000), 900)).hasSize(900);
        assertThat(ProtocolText.printable("short", 900)).isEqualTo("short");
    }
}
