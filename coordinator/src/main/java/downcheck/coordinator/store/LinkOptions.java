package downcheck.coordinator.store;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The lasting links' flags, mixed into the coordinator's: each default and help declared here only. */
public final class LinkOptions {
  @Option(names = "--link-retention-days", defaultValue = "30", paramLabel = "N",
      description = "A final check stays readable at /c/{id} and /api/v1/checks/{id} this many days after it was made "
          + "(rebuilt after a full restart from downcheck.verdicts: keep its retention at least this long).")
  int retentionDays;

  @Option(names = "--link-store-mb", defaultValue = "64", paramLabel = "N",
      description = "Heap the kept final checks may take on this coordinator; past it the oldest checks go first "
          + "(about 800 bytes a check of one region).")
  int maxMegabytes;

  public LinkSettings settings() {
    return new LinkSettings(Duration.ofDays(retentionDays), maxMegabytes);
  }
}
