package downcheck.agent.probe.dns;

import static downcheck.agent.resolve.TestDnsServer.name;
import static downcheck.agent.resolve.TestDnsServer.pointerToQuestion;
import static org.assertj.core.api.Assertions.assertThat;

import downcheck.agent.probe.Await;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.resolve.RecordLookup;
import downcheck.agent.resolve.ResolverConfig;
import downcheck.agent.resolve.Resolvers;
import downcheck.agent.resolve.TestDnsServer;
import downcheck.model.check.AddressPolicy;
import downcheck.model.check.CheckOptions;
import downcheck.model.check.DnsQuery;
import downcheck.model.check.Expect;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeOutcome;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Record types asked of {@link TestDnsServer} on 127.0.0.1 in real DNS packets: no query leaves the machine. */
class DnsRecordProbeTest {
  static Vertx vertx;
  static TestDnsServer dns;
  static DatagramSocket deaf;
  static DnsProbe open;
  static DnsProbe guarded;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    dns = new TestDnsServer()
        .record("records.test", 15, concat(u16(10), pointerToQuestion("mail"))) // compressed, as servers send it
        .record("records.test", 15, concat(u16(20), name("backup.example.net")))
        .record("records.test", 2, name("ns1.example.net"))
        .record("records.test", 16, concat(text("v=spf1 -all")))
        .record("records.test", 16, concat(text("say \"hi\""), text("part two")))
        .record("records.test", 6, concat(name("ns1.example.net"), name("hostmaster.example.net"),
            u32(2026120601), u32(7200), u32(3600), u32(1209600), u32(300)))
        .record("records.test", 257, concat(new byte[] {0, 5}, "issue".getBytes(StandardCharsets.US_ASCII),
            "letsencrypt.org".getBytes(StandardCharsets.US_ASCII)))
        .record("records.test", 1, InetAddress.getByName("203.0.113.7").getAddress())
        .record("records.test", 1, InetAddress.getByName("10.0.0.1").getAddress())
        .record("records.test", 28, InetAddress.getByName("2001:db8::7").getAddress())
        .record("_sip._tcp.records.test", 33, concat(u16(10), u16(60), u16(5060), name("sip.example.net")))
        .record("alias.records.test", 5, name("records.test"))
        .record("empty.test", 16, text("only a TXT"))
        .servfail("broken.test");
    for (int i = 0; i < 60; i++) {
      dns.record("many.test", 16, text("record number " + i));
    }
    deaf = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)); // takes queries, answers none
    RecordLookup lookup = new RecordLookup(vertx, ResolverConfig.serversOnly(List.of(dns.address())));
    open = new DnsProbe(vertx, Resolvers.create(vertx, List.of(dns.address())), new AddressPolicy(true), lookup);
    guarded = new DnsProbe(vertx, Resolvers.create(vertx, List.of(dns.address())), new AddressPolicy(false), lookup);
  }

  @AfterAll
  static void stop() {
    dns.close();
    deaf.close();
    Await.result(vertx.close());
  }

  static ProbeOutcome ask(DnsProbe probe, String host, String type, String resolver, Duration timeout) {
    CheckOptions options = new CheckOptions(null, null, new DnsQuery(type, resolver), null, null);
    return Await.result(probe.run(new ProbeSpec(Target.parse("dns://" + host, ProbeKind.DNS), Expect.DEFAULT,
        timeout, options)));
  }

  static ProbeOutcome ask(String host, String type) {
    return ask(open, host, type, dns.address(), Duration.ofSeconds(5));
  }

  static Stream<Arguments> eachType() {
    return Stream.of(
        Arguments.of("records.test", "MX", List.of("10 mail.records.test.", "20 backup.example.net.")),
        Arguments.of("records.test", "NS", List.of("ns1.example.net.")),
        Arguments.of("records.test", "TXT", List.of("\"v=spf1 -all\"", "\"say \\\"hi\\\"\" \"part two\"")),
        Arguments.of("records.test", "SOA",
            List.of("ns1.example.net. hostmaster.example.net. 2026120601 7200 3600 1209600 300")),
        Arguments.of("records.test", "CAA", List.of("0 issue \"letsencrypt.org\"")),
        Arguments.of("_sip._tcp.records.test", "SRV", List.of("10 60 5060 sip.example.net.")),
        Arguments.of("alias.records.test", "CNAME", List.of("records.test.")),
        Arguments.of("records.test", "A", List.of("203.0.113.7", "10.0.0.1")),
        Arguments.of("records.test", "AAAA", List.of("2001:db8::7")));
  }

  @ParameterizedTest(name = "{1} of {0}")
  @MethodSource("eachType")
  void eachTypeIsUpWithItsRecordsAsDigShowsThem(String host, String type, List<String> records) {
    ProbeOutcome o = ask(host, type);

    assertThat(o.outcome()).as(o.message()).isEqualTo(Outcome.UP);
    assertThat(o.dns().type()).isEqualTo(type);
    assertThat(o.dns().records()).containsExactlyElementsOf(records);
    assertThat(o.dns().resolver()).isEqualTo(dns.address());
  }

  @Test
  void withoutAResolverTheAgentsOwnServerIsAskedAndNotNamed() {
    ProbeOutcome o = ask(open, "records.test", "mx", null, Duration.ofSeconds(5));

    assertThat(o.outcome()).isEqualTo(Outcome.UP);
    assertThat(o.dns().records()).hasSize(2);
    assertThat(o.dns().resolver()).isNull();
  }

  @Test
  void aMissingNameIsNxdomain() {
    ProbeOutcome o = ask("nope.test", "MX");

    assertThat(o.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.DNS_NXDOMAIN);
    assertThat(o.dns().records()).isEmpty();
  }

  @Test
  void aNameWithoutRecordsOfTheTypeIsUpWithAnEmptyAnswer() {
    ProbeOutcome o = ask("empty.test", "MX");

    assertThat(o.outcome()).isEqualTo(Outcome.UP);
    assertThat(o.dns().records()).isEmpty();
    assertThat(o.message()).contains("no MX record", "NOERROR");
  }

  @Test
  void servfailIsADnsFailure() {
    ProbeOutcome o = ask("broken.test", "TXT");

    assertThat(o.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.DNS_FAILURE);
    assertThat(o.message()).contains("SERVFAIL");
  }

  @Test
  void aResolverThatNeverAnswersFailsAtTheChecksDeadline() {
    long t0 = System.nanoTime();
    ProbeOutcome o = ask(open, "records.test", "MX", "127.0.0.1:" + deaf.getLocalPort(), Duration.ofMillis(400));
    long ms = (System.nanoTime() - t0) / 1_000_000;

    assertThat(o.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.DNS_FAILURE);
    assertThat(ms).isLessThan(3000);
  }

  @Test
  void aPrivateResolverIsRefusedWithoutAskingIt() {
    int before = dns.queries();

    ProbeOutcome o = ask(guarded, "records.test", "MX", dns.address(), Duration.ofSeconds(5));

    assertThat(o.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.TARGET_REFUSED);
    assertThat(o.message()).contains("resolver 127.0.0.1 is loopback");
    assertThat(dns.queries()).isEqualTo(before);
  }

  @Test
  void addressRecordsThePolicyMayNotPublishAreWithheld() {
    ProbeOutcome o = ask(guarded, "records.test", "A", null, Duration.ofSeconds(5));

    assertThat(o.outcome()).isEqualTo(Outcome.UP);
    assertThat(o.dns().records()).containsExactly("203.0.113.7");
    assertThat(o.message()).contains("1 of 2 addresses withheld").doesNotContain("10.0.0.1");
  }

  @Test
  void aLongAnswerIsBoundedAndTheRestCounted() {
    ProbeOutcome o = ask("many.test", "TXT"); // over 512 bytes: truncated over UDP, asked again over TCP

    assertThat(o.outcome()).isEqualTo(Outcome.UP);
    assertThat(o.dns().records()).hasSize(RecordProbe.MAX_RECORDS).contains("\"record number 0\"");
    assertThat(o.message()).contains("10 more TXT records not shown");
  }

  @Test
  void anUnknownTypeOrABadResolverIsTheChecksError() {
    assertThat(ask("records.test", "PTR").outcome()).isEqualTo(Outcome.ERROR);
    assertThat(ask(open, "records.test", "MX", "dns.google", Duration.ofSeconds(1)).message())
        .contains("is not an IP address");
  }

  private static byte[] u16(int v) {
    return ByteBuffer.allocate(2).putShort((short) v).array();
  }

  private static byte[] u32(long v) {
    return ByteBuffer.allocate(4).putInt((int) v).array();
  }

  private static byte[] text(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    return concat(new byte[] {(byte) b.length}, b);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
