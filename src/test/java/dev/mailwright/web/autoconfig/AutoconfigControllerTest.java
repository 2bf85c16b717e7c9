package dev.mailwright.web.autoconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
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
import org.w3c.dom.NodeList;

/** The account auto-configuration documents, parsed and checked for a sample account. */
@SpringBootTest
@AutoConfigureMockMvc
class AutoconfigControllerTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        String dir = Files.createTempDirectory("mailwright-autoconfig-test-").toString();
        registry.add("mailwright.data-dir", () -> dir);
        registry.add("mailwright.hostname", () -> "mail.example.test");
        registry.add("mailwright.domains", () -> "example.test");
        for (String listener : new String[] {"smtp", "submission", "submissions", "imap", "imaps"}) {
            registry.add("mailwright." + listener + ".port", () -> "0");
        }
        registry.add("mailwright.published.hostname", () -> "mx.public.test");
        registry.add("mailwright.published.imap-port", () -> "143");
        registry.add("mailwright.published.imaps-port", () -> "993");
        registry.add("mailwright.published.submission-port", () -> "587");
        registry.add("mailwright.published.submissions-port", () -> "465");
    }

    @Autowired
    MockMvc mvc;

    private static Document xml(MvcResult result) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(result.getResponse().getContentAsByteArray()));
    }

    private static String text(Document doc, String xpath) throws Exception {
        XPath x = XPathFactory.newInstance().newXPath();
        return (String) x.evaluate(xpath, doc, XPathConstants.STRING);
    }

    @Test
    void thunderbirdConfigShouldListImapAndSmtpWithPublishedPortsWithoutSignIn() throws Exception {
        for (String path : new String[] {"/.well-known/autoconfig/mail/config-v1.1.xml", "/mail/config-v1.1.xml"}) {
            MvcResult result = mvc.perform(get(path).param("emailaddress", "alice@example.test")).andReturn();
            assertThat(result.getResponse().getStatus()).isEqualTo(200);
            assertThat(result.getResponse().getContentType()).startsWith("application/xml");
            Document doc = xml(result);

            assertThat(text(doc, "/clientConfig/@version")).isEqualTo("1.1");
            assertThat(text(doc, "/clientConfig/emailProvider/domain")).isEqualTo("example.test");
            assertThat(text(doc, "//incomingServer[socketType='SSL']/port")).isEqualTo("993");
            assertThat(text(doc, "//incomingServer[socketType='STARTTLS']/port")).isEqualTo("143");
            assertThat(text(doc, "//outgoingServer[socketType='SSL']/port")).isEqualTo("465");
            assertThat(text(doc, "//outgoingServer[socketType='STARTTLS']/port")).isEqualTo("587");
            assertThat(text(doc, "//incomingServer[1]/hostname")).isEqualTo("mx.public.test");
            assertThat(text(doc, "//incomingServer[1]/@type")).isEqualTo("imap");
            assertThat(text(doc, "//outgoingServer[1]/@type")).isEqualTo("smtp");
            assertThat(text(doc, "//incomingServer[1]/username")).isEqualTo("%EMAILADDRESS%");
            assertThat(text(doc, "//incomingServer[1]/authentication")).isEqualTo("password-cleartext");
        }
    }

    @Test
    void outlookAutodiscoverShouldAnswerSchema2006aWithSpaOffAndSslOnlyOnTlsPorts() throws Exception {
        String request = """
                <?xml version="1.0" encoding="utf-8"?>
                <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
                  <Request>
                    <EMailAddress>alice@example.test</EMailAddress>
                    <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
                  </Request>
                </Autodiscover>
                """;
        for (String path : new String[] {"/autodiscover/autodiscover.xml", "/Autodiscover/Autodiscover.xml"}) {
            MvcResult result = mvc.perform(post(path).contentType("text/xml").content(request)).andReturn();   // no CSRF token, no session
            assertThat(result.getResponse().getStatus()).isEqualTo(200);
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(result.getResponse().getContentAsByteArray()));

            assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006");
            NodeList responses = doc.getElementsByTagNameNS(AutoconfigController.OUTLOOK_RESPONSE_SCHEMA, "Response");
            assertThat(responses.getLength()).isEqualTo(1);
            NodeList protocols = doc.getElementsByTagNameNS(AutoconfigController.OUTLOOK_RESPONSE_SCHEMA, "Protocol");
            assertThat(protocols.getLength()).isEqualTo(2);
            String body = result.getResponse().getContentAsString();
            assertThat(body).contains("<Type>IMAP</Type>", "<Port>993</Port>", "<Type>SMTP</Type>", "<Port>465</Port>",
                    "<LoginName>alice@example.test</LoginName>", "<Server>mx.public.test</Server>", "<AccountType>email</AccountType>",
                    "<Action>settings</Action>");
            assertThat(body.split("<SPA>off</SPA>", -1)).hasSize(3);
            assertThat(body).doesNotContain("<Port>143</Port>").doesNotContain("<Port>587</Port>");
        }
    }

    @Test
    void autodiscoverShouldRefuseExternalEntities() throws Exception {
        String attack = """
                <?xml version="1.0"?>
                <!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <Autodiscover><Request><EMailAddress>&x;</EMailAddress></Request></Autodiscover>
                """;
        MvcResult result = mvc.perform(post("/autodiscover/autodiscover.xml").contentType("text/xml").content(attack)).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(result.getResponse().getContentAsString()).doesNotContain("root:");
    }

    @Test
    void autodiscoverJsonShouldRedirectOutlookToThePoxEndpoint() throws Exception {
        MvcResult result = mvc.perform(get("/autodiscover/autodiscover.json").param("Email", "alice@example.test")
                .param("Protocol", "autodiscoverv1")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentAsString())
                .isEqualTo("{\"Protocol\":\"AutodiscoverV1\",\"Url\":\"https://mx.public.test/Autodiscover/Autodiscover.xml\"}");
    }

    @Test
    void appleProfileShouldNeedSignInAndCarryNoPassword() throws Exception {
        assertThat(mvc.perform(get("/settings/mail-app/mailwright.mobileconfig")).andReturn().getResponse().getStatus()).isEqualTo(302);

        MvcResult result = mvc.perform(get("/settings/mail-app/mailwright.mobileconfig").with(user("alice@example.test"))).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentType()).isEqualTo("application/x-apple-aspen-config");
        String plist = new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(plist.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("plist");
        assertThat(plist).contains("<string>com.apple.mail.managed</string>", "<string>EmailTypeIMAP</string>",
                "<key>IncomingMailServerHostName</key><string>mx.public.test</string>",
                "<key>IncomingMailServerPortNumber</key><integer>993</integer>",
                "<key>OutgoingMailServerPortNumber</key><integer>465</integer>",
                "<key>IncomingMailServerUsername</key><string>alice@example.test</string>")
                .doesNotContain("<key>IncomingPassword</key>").doesNotContain("<key>OutgoingPassword</key>");
    }
}
