package downcheck.model.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;
import downcheck.model.verdict.Verdict;
import java.time.Instant;

/** A monitor's latest run, as the monitor shows it. */
public record LastCheck(String id, Verdict verdict, @JsonProperty("final") boolean fin, Instant at, String summary) {}
