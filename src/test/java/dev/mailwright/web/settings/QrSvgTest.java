package dev.mailwright.web.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/** The set-up page's QR code: the SVG draws exactly the code's modules, and a reader decodes the URL back from them. */
class QrSvgTest {
    private static final String URL = "https://mail.example.test/settings/mail-app/mailwright.mobileconfig";

    @Test
    void svgShouldDrawExactlyTheDarkModulesOfTheCode() {
        BitMatrix expected = QrSvg.matrix(URL);
        boolean[][] drawn = draw(QrSvg.svg(URL, "code"), expected.getWidth());

        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertThat(drawn[y][x]).as("module %d,%d", x, y).isEqualTo(expected.get(x, y));
            }
        }
        // quiet zone of 4 light modules around a version 1-40 symbol (21 + 4k modules)
        assertThat((expected.getWidth() - 2 * QrSvg.QUIET_ZONE - 21) % 4).isZero();
        assertThat(drawn[0]).containsOnly(false);
    }

    @Test
    void drawnCodeShouldDecodeBackToTheUrl() throws Exception {
        BitMatrix m = QrSvg.matrix(URL);
        boolean[][] drawn = draw(QrSvg.svg(URL, "code"), m.getWidth());
        int scale = 4;
        int size = m.getWidth() * scale;
        int[] pixels = new int[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                pixels[y * size + x] = drawn[y / scale][x / scale] ? 0xFF000000 : 0xFFFFFFFF;
            }
        }
        Result decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(size, size, pixels))));
        assertThat(decoded.getText()).isEqualTo(URL);
    }

    @Test
    void labelShouldBeEscapedAndTheSvgCarryNoScriptOrStyle() {
        String svg = QrSvg.svg(URL, "a \"quoted\" <label>");
        assertThat(svg).contains("aria-label=\"a &quot;quoted&quot; &lt;label&gt;\"").doesNotContain("<script", "style=");
    }

    /** Re-reads the path: every {@code Mx yhNv1h-Nz} fills N modules of row y from x. */
    private static boolean[][] draw(String svg, int size) {
        boolean[][] grid = new boolean[size][size];
        Matcher m = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z").matcher(svg);
        while (m.find()) {
            int x = Integer.parseInt(m.group(1));
            int y = Integer.parseInt(m.group(2));
            int run = Integer.parseInt(m.group(3));
            assertThat(Integer.parseInt(m.group(4))).isEqualTo(run);
            for (int i = 0; i < run; i++) {
                grid[y][x + i] = true;
            }
        }
        return grid;
    }
}
