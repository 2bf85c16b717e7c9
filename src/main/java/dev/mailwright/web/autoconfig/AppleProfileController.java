package dev.mailwright.web.autoconfig;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A per-user configuration profile for Apple Mail on macOS and iOS ({@code com.apple.mail.managed}).
 * It carries no password: the device asks for it when the profile is installed.
 */
@RestController
class AppleProfileController {
    static final MediaType APPLE_CONFIG = MediaType.parseMediaType("application/x-apple-aspen-config");

    private final MailServerSettings server;

    AppleProfileController(MailServerSettings server) {
        this.server = server;
    }

    @GetMapping("/settings/mail-app/mailwright.mobileconfig")
    ResponseEntity<byte[]> profile(Principal user) {
        String address = XmlText.escape(user.getName());
        String host = XmlText.escape(server.hostname());
        String reverseHost = XmlText.escape(String.join(".", java.util.List.of(server.hostname().split("\\.")).reversed()));
        boolean implicitSmtp = server.submissions() > 0;
        String plist = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                  <key>PayloadContent</key>
                  <array>
                    <dict>
                      <key>EmailAccountDescription</key><string>%1$s</string>
                      <key>EmailAccountName</key><string>%1$s</string>
                      <key>EmailAccountType</key><string>EmailTypeIMAP</string>
                      <key>EmailAddress</key><string>%1$s</string>
                      <key>IncomingMailServerAuthentication</key><string>EmailAuthPassword</string>
                      <key>IncomingMailServerHostName</key><string>%2$s</string>
                      <key>IncomingMailServerPortNumber</key><integer>%3$d</integer>
                      <key>IncomingMailServerUseSSL</key><true/>
                      <key>IncomingMailServerUsername</key><string>%1$s</string>
                      <key>OutgoingMailServerAuthentication</key><string>EmailAuthPassword</string>
                      <key>OutgoingMailServerHostName</key><string>%2$s</string>
                      <key>OutgoingMailServerPortNumber</key><integer>%4$d</integer>
                      <key>OutgoingMailServerUseSSL</key><true/>
                      <key>OutgoingMailServerUsername</key><string>%1$s</string>
                      <key>OutgoingPasswordSameAsIncomingPassword</key><true/>
                      <key>PayloadDisplayName</key><string>Mail (%1$s)</string>
                      <key>PayloadIdentifier</key><string>%5$s.mailwright.mail.%6$s</string>
                      <key>PayloadType</key><string>com.apple.mail.managed</string>
                      <key>PayloadUUID</key><string>%7$s</string>
                      <key>PayloadVersion</key><integer>1</integer>
                    </dict>
                  </array>
                  <key>PayloadDisplayName</key><string>Mailwright: %1$s</string>
                  <key>PayloadIdentifier</key><string>%5$s.mailwright.%6$s</string>
                  <key>PayloadType</key><string>Configuration</string>
                  <key>PayloadUUID</key><string>%8$s</string>
                  <key>PayloadVersion</key><integer>1</integer>
                </dict>
                </plist>
                """.formatted(address, host, server.imaps(), implicitSmtp ? server.submissions() : server.submission(),
                reverseHost, UUID.nameUUIDFromBytes(user.getName().getBytes(StandardCharsets.UTF_8)),
                UUID.nameUUIDFromBytes(("mail:" + user.getName()).getBytes(StandardCharsets.UTF_8)),
                UUID.nameUUIDFromBytes(("profile:" + user.getName()).getBytes(StandardCharsets.UTF_8)));
        return ResponseEntity.ok()
                .contentType(APPLE_CONFIG)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"mailwright.mobileconfig\"")
                .body(plist.getBytes(StandardCharsets.UTF_8));
    }
}
