package downcheck.coordinator.operator;

import com.fasterxml.jackson.databind.JsonNode;
import downcheck.coordinator.http.FieldError;
import downcheck.coordinator.monitor.channel.ChannelInput;
import downcheck.model.check.AddressPolicy;
import downcheck.model.monitor.Channel;
import downcheck.model.wire.Codec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The operator's channels from {@code --operator-notify-file}: a JSON array in a monitor's
 * {@code notify} shape, read by the monitors API's own rules (types, fields, bounds, address rules).
 * A file, not a flag, because a channel's URL is a credential. Anything wrong is one line naming
 * the file and the field, never a value of it.
 */
final class OperatorChannels {
  static final long MAX_BYTES = 64 * 1024;

  private OperatorChannels() {}

  static List<Channel> read(Path file, AddressPolicy policy, boolean emailOn) {
    String where = "--operator-notify-file " + file;
    JsonNode root;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new IllegalArgumentException(where + ": larger than " + MAX_BYTES + " bytes");
      }
      root = Codec.mapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(where + ": " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException
          ? "not JSON (" + ((com.fasterxml.jackson.core.JsonProcessingException) e).getOriginalMessage() + ")"
          : "cannot be read (" + e.getClass().getSimpleName() + ")"));
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new IllegalArgumentException(where + ": must be a JSON array of at least one channel, "
          + "[{\"type\": \"webhook\", \"url\": \"https://…\", \"secret\": \"…\"}]");
    }
    List<FieldError> errors = new ArrayList<>();
    List<Channel> channels = new ChannelInput(policy, emailOn).channels(root, "channels", errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(where + ": " + errors.stream().map(e -> e.field() + " " + e.message())
          .collect(Collectors.joining("; ")));
    }
    return channels;
  }
}
