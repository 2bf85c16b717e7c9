package dev.mailwright.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The training run's DNS server over real UDP: the sender domains' SPF and DMARC, the loopback's name, NXDOMAIN. */
class TrainingDnsTest {
    @Test
    void itShouldAnswerTheSendersRecordsAndNothingElse() throws Exception {
        try (TrainingDns dns = new TrainingDns()) {
            SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
            resolver.setPort(dns.port());
            resolver.setTimeout(Duration.ofSeconds(5));

            assertThat(txt(resolver, TrainingDns.senderDomain(0))).isEqualTo("v=spf1 ip4:127.0.0.0/8 -all");
            assertThat(txt(resolver, TrainingDns.senderDomain(TrainingDns.SENDER_DOMAINS - 1)))
                    .as("one sender fails SPF").isEqualTo("v=spf1 ip4:192.0.2.1 -all");
            assertThat(txt(resolver, "_dmarc." + TrainingDns.senderDomain(3))).isEqualTo("v=DMARC1; p=none");

            Message reverse = ask(resolver, ReverseMap.fromAddress("127.0.0.1"), Type.PTR);
            assertThat(reverse.getSection(Section.ANSWER)).singleElement()
                    .satisfies(r -> assertThat(r.rdataToString()).isEqualTo("localhost."));

            Message unknown = ask(resolver, Name.fromString("elsewhere.example.org."), Type.TXT);
            assertThat(unknown.getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(ask(resolver, Name.fromString(TrainingDns.senderDomain(0) + "."), Type.MX).getSection(Section.ANSWER))
                    .as("a known name without that type").isEmpty();
        }
    }

    private static String txt(SimpleResolver resolver, String name) throws Exception {
        Message answer = ask(resolver, Name.fromString(name + "."), Type.TXT);
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        return String.join("", ((TXTRecord) answer.getSection(Section.ANSWER).getFirst()).getStrings());
    }

    private static Message ask(SimpleResolver resolver, Name name, int type) throws Exception {
        return resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
    }
}
