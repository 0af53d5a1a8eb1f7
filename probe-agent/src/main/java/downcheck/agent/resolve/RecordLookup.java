package downcheck.agent.resolve;

import downcheck.model.check.HostLiteral;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.ChannelFactory;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.NoopAuthoritativeDnsServerCache;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.NoopDnsCnameCache;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One DNS question of one record type to one server, as {@code dig @server name TYPE} asks it:
 * recursion desired (the server recurses, never the agent), one query, no cache, no retry, within
 * the caller's time. Netty's DNS codec on the agent's own event loop, so nothing blocks. The
 * answer keeps the server's response code and, of the answer section, the records of the type
 * asked for as text ({@link RecordText}), at most {@code maxRecords} of them.
 */
public final class RecordLookup {
  private static final Map<String, Integer> CODES = Map.of("A", 1, "NS", 2, "CNAME", 5, "SOA", 6, "MX", 15,
      "TXT", 16, "AAAA", 28, "SRV", 33, "CAA", 257);
  private final Vertx vertx;
  private final List<InetSocketAddress> configured;
  private final InetAddress source;

  /** @param config the agent's resolver settings: their first server is asked when a check names none */
  public RecordLookup(Vertx vertx, ResolverConfig config) {
    this(vertx, config, null);
  }

  /** @param sourceAddress the local address queries leave from, as the agent's probes do; null = any */
  public RecordLookup(Vertx vertx, ResolverConfig config, String sourceAddress) {
    this.vertx = vertx;
    this.source = sourceAddress == null || sourceAddress.isBlank() ? null : literal(sourceAddress.strip()).orElse(null);
    List<InetSocketAddress> servers = new ArrayList<>();
    for (DnsServer s : config.servers()) {
      literal(s.host()).ifPresent(a -> servers.add(new InetSocketAddress(a, s.port())));
    }
    this.configured = List.copyOf(servers);
  }

  /** The server a check without a resolver of its own asks: the agent's first, if it has one by address. */
  public Optional<InetSocketAddress> ownServer() {
    return configured.isEmpty() ? Optional.empty() : Optional.of(configured.get(0));
  }

  /**
   * What {@code server} answers for {@code name} and {@code type} (one of {@link #CODES}' keys).
   * Fails with a {@link DnsLookupException} when no answer came within {@code timeoutMs}.
   */
  public Future<Answer> ask(InetSocketAddress server, String name, String type, long timeoutMs, int maxRecords) {
    VertxInternal vx = (VertxInternal) vertx;
    ContextInternal context = vx.getOrCreateContext();
    Transport transport = vx.transport();
    @SuppressWarnings("unchecked")
    ChannelFactory<SocketChannel> tcp = (ChannelFactory<SocketChannel>) (ChannelFactory<?>) transport.channelFactory(false);
    DnsNameResolverBuilder builder = new DnsNameResolverBuilder(context.nettyEventLoop());
    if (source != null && source.getClass() == server.getAddress().getClass()) {
      builder.localAddress(new InetSocketAddress(source, 0));
    }
    DnsNameResolver resolver = builder
        .datagramChannelFactory(transport::datagramChannel)
        .socketChannelFactory(tcp) // a truncated answer is asked again over TCP, as dig does
        .nameServerProvider(new SingletonDnsServerAddressStreamProvider(server))
        .queryTimeoutMillis(Math.max(1, timeoutMs))
        .maxQueriesPerResolve(1)
        .recursionDesired(true)
        .resolveCache(NoopDnsCache.INSTANCE)
        .cnameCache(NoopDnsCnameCache.INSTANCE)
        .authoritativeDnsServerCache(NoopAuthoritativeDnsServerCache.INSTANCE)
        .build();
    DnsRecordType recordType = DnsRecordType.valueOf(CODES.get(type));
    Promise<Answer> answer = context.promise();
    resolver.query(server, new DefaultDnsQuestion(name, recordType)).addListener(done -> {
      try {
        if (done.isSuccess()) {
          @SuppressWarnings("unchecked")
          AddressedEnvelope<DnsResponse, InetSocketAddress> envelope =
              (AddressedEnvelope<DnsResponse, InetSocketAddress>) done.getNow();
          try {
            answer.complete(read(envelope.content(), recordType, maxRecords));
          } finally {
            envelope.release();
          }
        } else {
          Throwable cause = done.cause();
          answer.fail(new DnsLookupException(name + ": " + (cause.getMessage() == null
              ? cause.getClass().getSimpleName() : cause.getMessage()), false));
        }
      } catch (RuntimeException e) {
        answer.tryFail(new DnsLookupException(name + ": " + e.getMessage(), false));
      } finally {
        resolver.close();
      }
    });
    return answer.future();
  }

  private static Answer read(DnsResponse response, DnsRecordType type, int maxRecords) {
    List<String> records = new ArrayList<>();
    int matching = 0;
    for (int i = 0; i < response.count(DnsSection.ANSWER); i++) {
      DnsRecord r = response.recordAt(DnsSection.ANSWER, i);
      if (r.type().equals(type)) {
        matching++;
        if (records.size() < maxRecords) {
          records.add(RecordText.of(r));
        }
      }
    }
    return new Answer(response.code().intValue(), records, matching);
  }

  private static Optional<InetAddress> literal(String host) {
    try {
      return HostLiteral.parse(host);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A server's answer.
   *
   * @param rcode   the response code (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED ...)
   * @param records the first records of the asked type, as text
   * @param total   how many records of that type the answer held
   */
  public record Answer(int rcode, List<String> records, int total) {
    public static final int NOERROR = 0;
    public static final int NXDOMAIN = 3;
    private static final List<String> NAMES = List.of("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",
        "REFUSED");

    public Answer {
      records = List.copyOf(records);
    }

    /** The response code as dig names it. */
    public String rcodeName() {
      return rcode < NAMES.size() ? NAMES.get(rcode) : "RCODE" + rcode;
    }
  }
}
