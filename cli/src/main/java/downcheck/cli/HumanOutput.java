package downcheck.cli;

import downcheck.cli.CoordinatorClient.Fetched;
import downcheck.model.result.Hop;
import downcheck.model.result.PingStats;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** The output for a person: each agent's result once, as soon as it is known, then the verdict. */
final class HumanOutput implements Output {
  private final PrintWriter out;
  private final Set<String> printed = new HashSet<>();

  HumanOutput(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void accepted(CheckView check) {
    out.println("checking " + check.target()
        + (check.quorum() == null ? "..." : " from " + check.quorum().expected() + " regions..."));
    out.flush();
  }

  /** A client that connects late gets the whole check, not the results one by one. */
  @Override
  public void check(CheckView check) {
    check.regions().forEach(region -> region.results().forEach(this::result));
  }

  @Override
  public void result(ProbeResult p) {
    if (!printed.add(p.agentId())) {
      return;
    }
    out.printf("  %-12s %-5s %-18s %s%n", p.region(), p.outcome(),
        p.errorClass() != null ? p.errorClass() : p.httpStatus() != null ? "HTTP " + p.httpStatus() : "",
        (p.timings().totalMs() == null ? "" : p.timings().totalMs() + " ms") + (p.impaired() ? " (agent impaired)" : ""));
    DnsFlags.print(out, p);
    if (p.ping() != null) {
      out.println("               " + ping(p.ping()));
    }
    if (p.trace() != null) {
      out.println("               " + p.trace().protocol() + " trace, " + (p.trace().reached() ? "reached" : "did not reach")
          + " the target in " + p.trace().hops().size() + " hops:");
      p.trace().hops().forEach(h -> out.println("               " + hop(h)));
    }
    out.flush();
  }

  /** "2/3 echo replies, 33% loss, rtt min/avg/max 0.07/0.09/0.12 ms". */
  static String ping(PingStats s) {
    return s.received() + "/" + s.sent() + " echo replies, " + Math.round(s.loss() * 100) + "% loss"
        + (s.rttAvgMs() == null ? "" : ", rtt min/avg/max " + s.rttMinMs() + "/" + s.rttAvgMs() + "/" + s.rttMaxMs() + " ms");
  }

  /** " 2  198.51.100.1  core1.example.net  4.1 ms  33% loss", or " 3  *" when nothing answered. */
  static String hop(Hop h) {
    String who = h.address() != null ? h.address() + (h.name() != null ? "  " + h.name() : "")
        : h.name() != null ? h.name() : "*";
    return String.format(Locale.ROOT, "%2d  %s", h.ttl(), who)
        + (h.rttMs() == null ? "" : "  " + h.rttMs() + " ms") + (h.loss() > 0 ? "  " + Math.round(h.loss() * 100) + "% loss" : "");
  }

  @Override
  public void verdict(Fetched fetched) {
    CheckView fin = fetched.view();
    check(fin);
    out.println(fin.summary() + " [" + fin.verdict() + ", confidence " + Math.round(fin.confidence() * 100) + "%]");
    out.flush();
  }
}
