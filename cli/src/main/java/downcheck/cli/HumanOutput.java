package downcheck.cli;

import downcheck.cli.CoordinatorClient.Fetched;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import java.io.PrintWriter;
import java.util.HashSet;
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
    out.flush();
  }

  @Override
  public void verdict(Fetched fetched) {
    CheckView fin = fetched.view();
    check(fin);
    out.println(fin.summary() + " [" + fin.verdict() + ", confidence " + Math.round(fin.confidence() * 100) + "%]");
    out.flush();
  }
}
