package downcheck.agent.probe.trace;

import downcheck.agent.probe.Probe;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.probe.process.ChildProcesses;
import downcheck.agent.probe.process.ChildProcesses.Exit;
import downcheck.agent.probe.process.Destination;
import downcheck.agent.probe.process.Destination.Found;
import downcheck.model.check.AddressPolicy;
import downcheck.model.check.TraceOptions;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.Hop;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.Timings;
import downcheck.model.result.TracePath;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code trace://host[:port]}: the path to the host, hop by hop, by the system's {@code mtr}
 * (Debian's mtr-tiny) in report mode: ICMP by default, TCP SYNs to the port with
 * {@code protocol: tcp} (a target with a port and no protocol traces TCP; TCP without a port goes
 * to 443). At most {@code maxHops} (≤ 30) hops and a few rounds that fit in the check's timeout;
 * mtr is killed at the deadline. Up when the target itself answered (for TCP: a SYN-ACK or a
 * reset, either says the path reaches it); otherwise DOWN, the hops shown either way.
 * docs/probes.md, "Ping and trace".
 */
public final class TraceProbe implements Probe {
  static final int MAX_ROUNDS = 3;
  /** mtr refuses an interval below one second to anyone but root. */
  private static final long INTERVAL_MS = "root".equals(System.getProperty("user.name")) ? 200 : 1000;
  private static final long GRACE_MS = 1000;

  private final Destination destination;
  private final ChildProcesses processes;
  private final AddressPolicy policy;

  public TraceProbe(Destination destination, ChildProcesses processes, AddressPolicy policy) {
    this.destination = destination;
    this.processes = processes;
    this.policy = policy;
  }

  @Override
  public Future<ProbeOutcome> run(ProbeSpec spec) {
    long started = System.nanoTime();
    TraceOptions options = spec.options().trace();
    String protocol = protocolOf(options, spec.target().port());
    if (protocol == null) {
      return Future.succeededFuture(ProbeOutcome.error(Timings.total(0),
          "trace.protocol '" + options.protocol() + "' is not icmp or tcp"));
    }
    int maxHops = Math.max(1, Math.min(TraceOptions.MAX_HOPS, options.maxHops()));
    long timeoutMs = spec.timeout().toMillis();
    return destination.find(spec.target().host(), spec.options().ipVersion(), timeoutMs).compose(found -> {
      if (found.ended() != null) {
        return Future.succeededFuture(found.ended());
      }
      long left = Math.max(1, timeoutMs - msSince(started));
      int port = spec.target().port() > 0 ? spec.target().port() : 443;
      List<String> command = command(found.address(), destination.sourceFor(found.address()), protocol, port, maxHops,
          left);
      return processes.run(command, left)
          .map(exit -> judge(exit, found, protocol, maxHops, timings(found, started), timeoutMs))
          .otherwise(t -> ProbeOutcome.error(timings(found, started), t instanceof ChildProcesses.BusyException
              ? t.getMessage() : "cannot run mtr: " + t.getMessage()));
    });
  }

  /** icmp or tcp as asked; unasked, tcp when the target names a port. Null: neither. */
  static String protocolOf(TraceOptions options, int port) {
    if (options.protocol() == null) {
      return port > 0 ? "tcp" : "icmp";
    }
    String p = options.protocol().toLowerCase(Locale.ROOT);
    return p.equals("icmp") || p.equals("tcp") ? p : null;
  }

  /** The rounds that fit: each takes an interval, and mtr waits a grace period for late answers after the last. */
  static List<String> command(InetAddress address, Optional<String> source, String protocol, int port, int maxHops,
      long timeLeftMs) {
    long rounds = Math.max(1, Math.min(MAX_ROUNDS, (timeLeftMs - GRACE_MS - 500) / INTERVAL_MS));
    long graceMs = Math.min(GRACE_MS, Math.max(200, timeLeftMs / 4));
    List<String> c = new ArrayList<>(List.of("mtr", "--json", "--show-ips", Destination.familyFlag(address),
        "-c", Long.toString(rounds), "-i", seconds(INTERVAL_MS), "-G", seconds(graceMs), "-m", Integer.toString(maxHops)));
    if (protocol.equals("tcp")) {
      c.addAll(List.of("-T", "-P", Integer.toString(port), "-Z", "1"));
    }
    source.ifPresent(s -> c.addAll(List.of("-a", s)));
    c.add(Destination.text(address));
    return c;
  }

  private ProbeOutcome judge(Exit exit, Found found, String protocol, int maxHops, Timings timings, long timeoutMs) {
    if (exit.truncated()) {
      return ProbeOutcome.error(timings, "mtr printed more than " + ChildProcesses.DEFAULT_OUTPUT_CAP + " bytes");
    }
    TracePath path;
    try {
      path = MtrReport.parse(exit.stdout(), protocol, found.address(), maxHops, policy);
    } catch (IllegalArgumentException e) {
      if (exit.killedAtDeadline()) {
        return ProbeOutcome.error(timings, "mtr did not finish within " + timeoutMs + " ms");
      }
      String why = exit.stderr().isBlank() ? e.getMessage() : exit.stderr().strip();
      return why.toLowerCase(Locale.ROOT).contains("unreachable")
          ? ProbeOutcome.down(ErrorClass.NETWORK_UNREACHABLE, timings, Destination.text(found.address()), why)
          : ProbeOutcome.error(timings, "mtr failed: " + why);
    }
    String address = Destination.text(found.address());
    if (path.reached()) {
      return ProbeOutcome.up(timings, address).withTrace(path);
    }
    Hop last = path.hops().stream().filter(h -> h.rttMs() != null).reduce((a, b) -> b).orElse(null);
    if (last == null) {
      return ProbeOutcome.down(ErrorClass.NETWORK_UNREACHABLE, timings, address,
          "no hop answered within " + maxHops + " hops").withTrace(path);
    }
    return ProbeOutcome.down(ErrorClass.TIMEOUT, timings, address, "the target did not answer; the last hop that answered is "
        + (last.address() != null ? last.address() : last.name()) + " at ttl " + last.ttl()).withTrace(path);
  }

  private static Timings timings(Found found, long started) {
    return new Timings(found.dnsMs(), null, null, null, msSince(started));
  }

  private static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.1f", ms / 1000.0);
  }

  private static long msSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
