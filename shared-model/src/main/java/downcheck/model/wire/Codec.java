package downcheck.model.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON codec of downcheck: Kafka messages and API bodies go through it.
 * Unknown fields are ignored (a newer sender may add some); anything that does not
 * parse, or that a record's constructor rejects, is a {@link MalformedMessageException}.
 */
public final class Codec {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
      .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false);

  private Codec() {}

  public static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  public static byte[] toBytes(Object value) {
    return toJson(value).getBytes(StandardCharsets.UTF_8);
  }

  public static <T> T fromJson(String json, Class<T> type) {
    if (json == null) {
      throw new MalformedMessageException(type.getSimpleName() + ": empty message");
    }
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException | RuntimeException e) {
      throw new MalformedMessageException(type.getSimpleName() + ": " + rootMessage(e), e);
    }
  }

  public static <T> T fromBytes(byte[] json, Class<T> type) {
    if (json == null) {
      throw new MalformedMessageException(type.getSimpleName() + ": empty message");
    }
    return fromJson(new String(json, StandardCharsets.UTF_8), type);
  }

  /** For callers that need a tree (the HTTP API reads bodies field by field to name bad ones). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = msg.indexOf('\n');
    return nl > 0 ? msg.substring(0, nl) : msg;
  }
}
