package downcheck.coordinator.api;

import downcheck.model.verdict.VerdictEvent;
import downcheck.model.wire.Codec;
import downcheck.model.wire.MalformedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verdict events as the feed hands them on: routed by their Kafka key, undecoded, so only a
 * stream that sends one decodes it; one that does not parse is skipped here.
 */
final class VerdictEvents {
  private static final Logger LOG = LoggerFactory.getLogger(VerdictEvents.class);

  private VerdictEvents() {}

  /** The event, or null when it is malformed (logged). */
  static VerdictEvent decode(String json) {
    try {
      return Codec.fromJson(json, VerdictEvent.class);
    } catch (MalformedMessageException e) {
      LOG.warn("skipping malformed verdict event: {}", e.getMessage());
      return null;
    }
  }
}
