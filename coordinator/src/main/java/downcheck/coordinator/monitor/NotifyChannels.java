package downcheck.coordinator.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.coordinator.http.FieldError;
import downcheck.model.check.AddressPolicy;
import downcheck.model.monitor.Channel;
import java.util.List;

/**
 * A {@code notify} array read by the monitors API's own rules, for channels given elsewhere (the
 * operator's file): the same types, fields, bounds and address rules as a monitor's.
 */
public final class NotifyChannels {
  private NotifyChannels() {}

  /** The channels of {@code n}, every bad one added to {@code errors} under {@code field}. */
  public static List<Channel> read(JsonNode n, String field, AddressPolicy policy, List<FieldError> errors) {
    return MonitorInput.channels(n, field, policy, errors);
  }
}
