package dev.mailwright.web.autoconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.w3c.dom.Document;

/** With POP3 published, the autoconfig documents list it after IMAP as the alternative incoming server. */
@SpringBootTest
@AutoConfigureMockMvc
class AutoconfigPop3Test {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("mailwright-autoconfig-pop3-test-").toString();
        registry.add("mailwright.data-dir", () -> dir);
        registry.add("mailwright.hostname", () -> "mail.example.test");
        registry.add("mailwright.domains", () -> "example.test");
        for (String listener : new String[] {"smtp", "submission", "submissions", "imap", "imaps", "pop3", "pop3s"}) {
            registry.add("mailwright." + listener + ".port", () -> "0");
        }
        registry.add("mailwright.published.imap-port", () -> "143");
        registry.add("mailwright.published.imaps-port", () -> "993");
        registry.add("mailwright.published.submission-port", () -> "587");
        registry.add("mailwright.published.submissions-port", () -> "465");
        registry.add("mailwright.published.pop3-port", () -> "110");
        registry.add("mailwright.published.pop3s-port", () -> "995");
    }

    @Autowired
    MockMvc mvc;

    @Test
    void thunderbirdConfigShouldOfferPop3AfterImap() throws Exception {
        MvcResult result = mvc.perform(get("/.well-known/autoconfig/mail/config-v1.1.xml").param("emailaddress", "bob@example.test"))
                .andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(result.getResponse().getContentAsByteArray()));
        assertThat(text(doc, "//incomingServer[1]/@type")).isEqualTo("imap");
        assertThat(text(doc, "count(//incomingServer[@type='pop3'])")).isEqualTo("2");
        assertThat(text(doc, "//incomingServer[@type='pop3'][socketType='SSL']/port")).isEqualTo("995");
        assertThat(text(doc, "//incomingServer[@type='pop3'][socketType='STARTTLS']/port")).isEqualTo("110");
        assertThat(text(doc, "//incomingServer[@type='pop3'][1]/username")).isEqualTo("%EMAILADDRESS%");
        assertThat(text(doc, "count(//incomingServer[@type='pop3']/preceding-sibling::incomingServer[@type='imap'])"))
                .isEqualTo("2");
    }

    @Test
    void outlookAutodiscoverShouldListPop3OnItsImplicitTlsPortAfterImap() throws Exception {
        String request = """
                <?xml version="1.0" encoding="utf-8"?>
                <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
                  <Request><EMailAddress>bob@example.test</EMailAddress></Request>
                </Autodiscover>
                """;
        MvcResult result = mvc.perform(post("/autodiscover/autodiscover.xml").contentType("text/xml").content(request)).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        String body = result.getResponse().getContentAsString();
        assertThat(body).contains("<Type>POP3</Type>", "<Port>995</Port>").doesNotContain("<Port>110</Port>");
        assertThat(body.indexOf("<Type>IMAP</Type>")).isLessThan(body.indexOf("<Type>POP3</Type>"));
    }

    private static String text(Document doc, String xpath) throws Exception {
        Object value = XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.STRING);
        String s = (String) value;
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
