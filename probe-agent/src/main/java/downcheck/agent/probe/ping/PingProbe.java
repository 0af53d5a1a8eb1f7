package downcheck.agent.probe.ping;

import downcheck.agent.probe.Probe;
import downcheck.agent.probe.ProbeSpec;
import downcheck.agent.probe.process.ChildProcesses;
import downcheck.agent.probe.process.ChildProcesses.Exit;
import downcheck.agent.probe.process.Destination;
import downcheck.agent.probe.process.Destination.Found;
import downcheck.model.result.ErrorClass;
import downcheck.model.result.PingStats;
import downcheck.model.result.ProbeOutcome;
import downcheck.model.result.Timings;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code ping://host}: {@code count} ICMP echo requests (1..10, default 3) by the system's
 * iputils {@code ping}, 200 ms apart, each answer awaited as long as the check's timeout allows
 * (at most 2 s); ping is killed at the deadline. UP when any echo came back (loss and RTT in
 * {@link PingStats}); no answer is DOWN {@link ErrorClass#NO_ECHO} (many hosts drop ICMP, so the
 * consensus never calls that alone an outage), or NETWORK_UNREACHABLE when routers said so.
 * docs/probes.md, "Ping and trace".
 */
public final class PingProbe implements Probe {
  static final int MAX_COUNT = 10;
  private static final long INTERVAL_MS = 200;

  private final Destination destination;
  private final ChildProcesses processes;

  public PingProbe(Destination destination, ChildProcesses processes) {
    this.destination = destination;
    this.processes = processes;
  }

  @Override
  public Future<ProbeOutcome> run(ProbeSpec spec) {
    long started = System.nanoTime();
    int count = spec.options().ping().count();
    if (count < 1 || count > MAX_COUNT) {
      return Future.succeededFuture(ProbeOutcome.error(Timings.total(0), "ping.count " + count + " is not 1.." + MAX_COUNT));
    }
    long timeoutMs = spec.timeout().toMillis();
    return destination.find(spec.target().host(), spec.options().ipVersion(), timeoutMs).compose(found -> {
      if (found.ended() != null) {
        return Future.succeededFuture(found.ended());
      }
      long left = Math.max(1, timeoutMs - msSince(started));
      return processes.run(command(found.address(), destination.sourceFor(found.address()), count, left), left)
          .map(exit -> judge(exit, found, count, new Timings(found.dnsMs(), null, null, null, msSince(started)), timeoutMs))
          .otherwise(t -> ProbeOutcome.error(new Timings(found.dnsMs(), null, null, null, msSince(started)),
              t instanceof ChildProcesses.BusyException ? t.getMessage() : "cannot run ping: " + t.getMessage()));
    });
  }

  /** The last answer is awaited for what the deadline leaves after the sends, between 0.2 and 2 s. */
  static List<String> command(InetAddress address, Optional<String> source, int count, long timeLeftMs) {
    long waitMs = Math.max(200, Math.min(2000, timeLeftMs - (count - 1) * INTERVAL_MS - 300));
    List<String> c = new ArrayList<>(List.of("ping", "-n", "-q", Destination.familyFlag(address),
        "-c", Integer.toString(count), "-i", "0.2", "-W", String.format(Locale.ROOT, "%.1f", waitMs / 1000.0)));
    source.ifPresent(s -> c.addAll(List.of("-I", s)));
    c.add(Destination.text(address));
    return c;
  }

  private static ProbeOutcome judge(Exit exit, Found found, int count, Timings timings, long timeoutMs) {
    String address = Destination.text(found.address());
    Optional<PingReport.Summary> summary = PingReport.parse(exit.stdout());
    if (summary.isEmpty()) {
      if (exit.killedAtDeadline()) {
        return ProbeOutcome.down(ErrorClass.TIMEOUT, timings, address, "ping did not finish within " + timeoutMs + " ms")
            .withPing(new PingStats(count, 0, 1.0, null, null, null, null));
      }
      String why = (exit.stderr() + " " + exit.stdout()).strip();
      return why.toLowerCase(Locale.ROOT).contains("unreachable")
          ? ProbeOutcome.down(ErrorClass.NETWORK_UNREACHABLE, timings, address, why)
          : ProbeOutcome.error(timings, "ping failed: " + (why.isEmpty() ? "exit " + exit.code() : why));
    }
    PingStats stats = summary.get().stats();
    if (stats.received() > 0) {
      return ProbeOutcome.up(timings, address).withPing(stats);
    }
    if (summary.get().errors() > 0) {
      return ProbeOutcome.down(ErrorClass.NETWORK_UNREACHABLE, timings, address,
          "no echo reply; " + summary.get().errors() + " ICMP errors (unreachable) came back instead").withPing(stats);
    }
    return ProbeOutcome.down(ErrorClass.NO_ECHO, timings, address, "no echo reply to " + stats.sent()
        + " requests: the host or a firewall drops ICMP, or the host is down").withPing(stats);
  }

  private static long msSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
