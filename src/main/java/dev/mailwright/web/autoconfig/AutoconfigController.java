package dev.mailwright.web.autoconfig;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Account auto-configuration documents, served without sign-in on the web port: Mozilla's clientConfig
 * (Thunderbird, K-9, Evolution), Outlook's POX Autodiscover (request schema 2006, response schema 2006a)
 * and its JSON redirect. IMAP comes first; POP3 is listed after it as the alternative. They say the user name is the full address; they never contain a password.
 */
@RestController
class AutoconfigController {
    static final String OUTLOOK_RESPONSE_SCHEMA = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";
    private static final int MAX_REQUEST = 16 * 1024;

    private final MailServerSettings server;

    AutoconfigController(MailServerSettings server) {
        this.server = server;
    }

    @GetMapping(path = {"/.well-known/autoconfig/mail/config-v1.1.xml", "/mail/config-v1.1.xml"}, produces = MediaType.APPLICATION_XML_VALUE)
    String thunderbird(@RequestParam(name = "emailaddress", required = false) String address) {
        String domain = domainOf(address).filter(server::isLocalDomain).orElse(server.primaryDomain());
        String host = XmlText.escape(server.hostname());
        String d = XmlText.escape(domain);
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <clientConfig version="1.1">
                  <emailProvider id="%2$s">
                    <domain>%2$s</domain>
                    <displayName>Mailwright (%2$s)</displayName>
                    <displayShortName>%2$s</displayShortName>
                %3$s%4$s%7$s%8$s%5$s%6$s  </emailProvider>
                </clientConfig>
                """.formatted(host, d,
                server(host, "incomingServer", "imap", server.imaps(), "SSL"),
                server(host, "incomingServer", "imap", server.imap(), "STARTTLS"),
                server(host, "outgoingServer", "smtp", server.submissions(), "SSL"),
                server(host, "outgoingServer", "smtp", server.submission(), "STARTTLS"),
                // POP3 after IMAP: clients offer the first incoming server and POP3 as the alternative
                server(host, "incomingServer", "pop3", server.pop3s(), "SSL"),
                server(host, "incomingServer", "pop3", server.pop3(), "STARTTLS"));
    }

    private static String server(String host, String element, String type, int port, String socketType) {
        if (port <= 0) {
            return "";
        }
        return """
                    <%1$s type="%2$s">
                      <hostname>%3$s</hostname>
                      <port>%4$d</port>
                      <socketType>%5$s</socketType>
                      <authentication>password-cleartext</authentication>
                      <username>%%EMAILADDRESS%%</username>
                    </%1$s>
                """.formatted(element, type, host, port, socketType);
    }

    @PostMapping(path = {"/autodiscover/autodiscover.xml", "/Autodiscover/Autodiscover.xml", "/AutoDiscover/AutoDiscover.xml"})
    ResponseEntity<String> outlook(HttpServletRequest request) throws IOException {
        Optional<String> address;
        try (InputStream body = request.getInputStream()) {
            byte[] bytes = body.readNBytes(MAX_REQUEST + 1);
            if (bytes.length > MAX_REQUEST) {
                return ResponseEntity.status(413).build();
            }
            address = XmlText.firstElementText(new java.io.ByteArrayInputStream(bytes), "EMailAddress");
        }
        if (address.isEmpty() || domainOf(address.get()).isEmpty()) {
            return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("EMailAddress missing");
        }
        String login = XmlText.escape(address.get().trim());
        String host = XmlText.escape(server.hostname());
        StringBuilder protocols = new StringBuilder();
        // Implicit TLS only, where Outlook's <SSL>on</SSL> means what it says; never SSL=on with 143/587.
        appendProtocol(protocols, "IMAP", host, server.imaps(), login);
        appendProtocol(protocols, "SMTP", host, server.submissions(), login);
        appendProtocol(protocols, "POP3", host, server.pop3s(), login);   // after IMAP: the alternative
        String xml = """
                <?xml version="1.0" encoding="utf-8"?>
                <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
                  <Response xmlns="%s">
                    <Account>
                      <AccountType>email</AccountType>
                      <Action>settings</Action>
                %s    </Account>
                  </Response>
                </Autodiscover>
                """.formatted(OUTLOOK_RESPONSE_SCHEMA, protocols);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(xml);
    }

    private static void appendProtocol(StringBuilder out, String type, String host, int port, String login) {
        if (port <= 0) {
            return;
        }
        out.append("""
                      <Protocol>
                        <Type>%s</Type>
                        <Server>%s</Server>
                        <Port>%d</Port>
                        <LoginName>%s</LoginName>
                        <DomainRequired>off</DomainRequired>
                        <SPA>off</SPA>
                        <SSL>on</SSL>
                        <AuthRequired>on</AuthRequired>
                      </Protocol>
                """.formatted(type, host, port, login));
    }

    /** Outlook 2019+ asks here first; the answer points at the POX endpoint. */
    @GetMapping(path = {"/autodiscover/autodiscover.json", "/Autodiscover/Autodiscover.json"}, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> outlookJson(@RequestParam(name = "Protocol", required = false) String protocol) {
        if (protocol == null || !protocol.equalsIgnoreCase("AutodiscoverV1")) {
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                    .body("{\"ErrorCode\":\"InvalidProtocol\",\"ErrorMessage\":\"Only AutodiscoverV1 is served\"}");
        }
        return ResponseEntity.ok("{\"Protocol\":\"AutodiscoverV1\",\"Url\":\"https://"
                + server.hostname().replace("\"", "") + "/Autodiscover/Autodiscover.xml\"}");
    }

    private static Optional<String> domainOf(String address) {
        if (address == null) {
            return Optional.empty();
        }
        int at = address.lastIndexOf('@');
        return at <= 0 || at == address.length() - 1 ? Optional.empty()
                : Optional.of(address.substring(at + 1).trim().toLowerCase(Locale.ROOT));
    }
}
