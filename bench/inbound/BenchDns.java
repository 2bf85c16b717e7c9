import dev.mailwright.dns.TestDnsServer;

/** The bench sender's SPF and DMARC records, served over loopback for a checks-on ingest run. */
public class BenchDns {
    public static void main(String[] args) throws Exception {
        TestDnsServer dns = new TestDnsServer();
        dns.txt("bench.client.test", "v=spf1 ip4:127.0.0.0/8 -all");
        dns.txt("_dmarc.bench.client.test", "v=DMARC1; p=reject");
        System.out.println(dns.address());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
