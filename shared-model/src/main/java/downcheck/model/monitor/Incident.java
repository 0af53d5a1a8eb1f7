package downcheck.model.monitor;

import com.fasterxml.jackson.annotation.JsonIgnore;
import downcheck.model.verdict.Cause;
import java.time.Instant;
import java.util.List;

/**
 * One stretch of a confirmed outage (or slowness): when it started (the first run that saw it),
 * when it ended (the first run that saw it over; null while open), where and why.
 */
public record Incident(String id, MonitorState kind, Instant startedAt, Instant endedAt, List<String> regions,
    Cause cause, String summary) {

  public Incident {
    regions = regions == null ? List.of() : List.copyOf(regions);
  }

  @JsonIgnore
  public boolean isOpen() {
    return endedAt == null;
  }

  public Incident endedAt(Instant at) {
    return new Incident(id, kind, startedAt, at, regions, cause, summary);
  }
}
