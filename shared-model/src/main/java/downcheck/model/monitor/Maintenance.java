package downcheck.model.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Maintenance for a set of monitors ({@code POST /api/v1/maintenance}), on the compacted topic
 * {@code downcheck.monitors} under its id ({@code w-…}). Its windows count for each listed
 * monitor as the monitor's own do.
 *
 * @param owner who made it, as a monitor's owner: it may list only that owner's monitors
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Maintenance(String id, String name, List<String> monitors, List<MaintenanceWindow> windows, String owner,
    Instant createdAt) {
  public Maintenance {
    Objects.requireNonNull(id, "id");
    monitors = monitors == null ? List.of() : List.copyOf(monitors);
    windows = windows == null ? List.of() : List.copyOf(windows);
  }

  /** As the API shows it: without its owner's tag. */
  public Maintenance shown() {
    return new Maintenance(id, name, monitors, windows, null, createdAt);
  }
}
