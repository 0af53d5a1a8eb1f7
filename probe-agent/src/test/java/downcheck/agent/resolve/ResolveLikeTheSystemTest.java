package downcheck.agent.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.agent.probe.Await;
import downcheck.agent.probe.CountingServer;
import downcheck.model.result.ProbeOutcome;
import downcheck.agent.probe.ProbeSettings;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.run.Probes;
import downcheck.model.check.Expect;
import downcheck.model.check.ProbeKind;
import downcheck.model.check.Target;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents resolve names as the operating system does (DESIGN "Security"): the hosts file, the
 * search domains, and one address family is enough. A DNS server the test starts answers as told.
 */
class ResolveLikeTheSystemTest {
  static Vertx vertx;
  static TestDnsServer dns;
  static CountingServer site;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    site = CountingServer.start(vertx, "127.0.0.1", req -> req.response().end("ok"));
    dns = new TestDnsServer()
        .answerANxdomainAaaa("v4only.test", InetAddress.getByName("127.0.0.1"))
        .answer("api.corp.test", InetAddress.getByName("127.0.0.1"))
        .servfail("broken.corp.test");
  }

  @AfterAll
  static void stop() {
    dns.close();
    Await.result(vertx.close());
  }

  static ResolverConfig config(Path hostsFile, List<String> search) {
    return new ResolverConfig(List.of(DnsServer.parse(dns.address())), hostsFile, search, 1);
  }

  static Future<List<InetAddress>> resolve(ResolverConfig c, String name) {
    return Resolvers.create(vertx, c).resolve(name);
  }

  static ProbeOutcome probe(ResolverConfig c, String target, ProbeKind kind) {
    ProbeSettings settings = ProbeSettings.forRegion("test", null, true, c);
    return Await.result(Probes.create(vertx, settings).forKind(kind)
        .run(new ProbeSpec(Target.parse(target, kind), Expect.DEFAULT, Duration.ofSeconds(5))));
  }

  @Test
  void aNameWhoseServerAnswersAButNxdomainForAaaaIsReachedOverIpv4() {
    ResolverConfig c = config(null, List.of());
    assertThat(Await.result(resolve(c, "v4only.test"))).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
    ProbeOutcome http = probe(c, "http://v4only.test:" + site.port() + "/", ProbeKind.HTTP);
    assertThat(http.outcome()).as(http.message()).isEqualTo(Outcome.UP);
    assertThat(probe(c, "dns://v4only.test", ProbeKind.DNS).addresses()).containsExactly("127.0.0.1");
  }

  @Test
  void aNameInTheHostsFileResolvesWithoutAskingDns(@TempDir Path dir) throws Exception {
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "# a private deployment's names\n127.0.0.1\tapi.internal api\n::1 v6.internal\n");
    ResolverConfig c = config(hosts, List.of());
    int before = dns.queries();
    assertThat(Await.result(resolve(c, "API.internal"))).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
    ProbeOutcome http = probe(c, "http://api.internal:" + site.port() + "/", ProbeKind.HTTP);
    assertThat(http.outcome()).as(http.message()).isEqualTo(Outcome.UP);
    assertThat(dns.queries()).as("no DNS query for a name the hosts file has").isEqualTo(before);
  }

  @Test
  void aShortNameIsTriedUnderTheSearchDomains() {
    ResolverConfig c = config(null, List.of("other.test", "corp.test"));
    assertThat(Await.result(resolve(c, "api"))).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
    ProbeOutcome tcp = probe(c, "tcp://api:" + site.port(), ProbeKind.TCP);
    assertThat(tcp.outcome()).as(tcp.message()).isEqualTo(Outcome.UP);
  }

  @Test
  void aNameMissingUnderEverySearchDomainIsNoSuchDomain() {
    ProbeOutcome o = probe(config(null, List.of("corp.test")), "dns://nothing", ProbeKind.DNS);
    assertThat(o.errorClass()).isEqualTo(ErrorClass.DNS_NXDOMAIN);
  }

  @Test
  void aServerFailureOnOneCandidateIsADnsFailureNotNoSuchDomain() {
    Future<List<InetAddress>> f = resolve(config(null, List.of("corp.test")), "broken");
    assertThat(Await.failure(f)).isInstanceOfSatisfying(DnsLookupException.class,
        e -> assertThat(e.nxdomain()).isFalse());
  }

  @Test
  void resolvConfSearchDomainsAndNdotsAreReadAsTheCLibraryDoes(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("resolv.conf");
    Files.writeString(conf, "domain old.test\nsearch svc.cluster.local cluster.local\nnameserver 10.0.0.10\n"
        + "options ndots:5 timeout:1\n");
    ResolverConfig.ResolvConf rc = ResolverConfig.ResolvConf.read(conf);
    assertThat(rc.search()).containsExactly("svc.cluster.local", "cluster.local");
    assertThat(rc.ndots()).isEqualTo(5);
    ResolverConfig c = new ResolverConfig(rc.servers(), null, rc.search(), rc.ndots());
    assertThat(c.candidates("db.prod")).containsExactly("db.prod.svc.cluster.local", "db.prod.cluster.local", "db.prod");
    assertThat(new ResolverConfig(rc.servers(), null, rc.search(), 1).candidates("db.prod"))
        .containsExactly("db.prod", "db.prod.svc.cluster.local", "db.prod.cluster.local");
  }
}
