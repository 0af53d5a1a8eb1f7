package downcheck.cli;

import downcheck.cli.CoordinatorClient.Fetched;
import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import java.io.PrintWriter;

/** What the command shows on stdout as the check goes: for a person, or for a script. */
interface Output {
  default void accepted(CheckView check) {}

  default void result(ProbeResult result) {}

  default void check(CheckView check) {}

  void verdict(Fetched fin);

  /** {@code --json}: the final check exactly as the coordinator wrote it, and nothing else, for jq and friends. */
  static Output json(PrintWriter out) {
    return fin -> {
      out.println(fin.json());
      out.flush();
    };
  }
}
