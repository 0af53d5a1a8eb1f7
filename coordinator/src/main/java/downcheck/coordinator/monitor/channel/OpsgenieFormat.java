package downcheck.coordinator.monitor.channel;

import downcheck.model.monitor.Channel;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opsgenie's Alert API v2, with the channel's API key ({@code Authorization: GenieKey …}) at the
 * US or EU base URL: create an alert ({@code POST /v2/alerts}) whose {@code alias} is the alert's
 * key, so repeats deduplicate into one open alert, and close it by that alias on recovery
 * ({@code POST /v2/alerts/{alias}/close?identifierType=alias}). Priority: P1 down everywhere,
 * P2 down somewhere, P3 slow.
 */
final class OpsgenieFormat implements ChannelFormat {
  static final int MAX_MESSAGE = 130;
  static final int MAX_ALIAS = 512;
  static final int MAX_DESCRIPTION = 15_000;
  static final String EU = "eu";

  @Override
  public Post post(Channel channel, Alert alert, ChannelSettings urls) {
    String base = (EU.equals(channel.region()) ? urls.opsgenieEu() : urls.opsgenieUs()).toString().replaceAll("/+$", "");
    String alias = Texts.clip(alert.key(), MAX_ALIAS);
    Map<String, String> headers = Texts.headers("application/json", alert);
    headers.put("Authorization", "GenieKey " + channel.apiKey());
    Map<String, Object> body = new LinkedHashMap<>();
    if (alert.level() == Alert.Level.RESOLVED) {
      body.put("source", "downcheck");
      body.put("note", Texts.clip(alert.text(), MAX_DESCRIPTION));
      return new Post(URI.create(base + "/v2/alerts/" + URLEncoder.encode(alias, StandardCharsets.UTF_8).replace("+", "%20")
          + "/close?identifierType=alias"), headers, Texts.json(body));
    }
    body.put("message", Texts.clip(Texts.line(alert.title()), MAX_MESSAGE));
    body.put("alias", alias);
    body.put("description", Texts.clip(alert.text() + "\n\n" + Texts.factLines(alert)
        + (alert.link() == null ? "" : alert.link() + "\n"), MAX_DESCRIPTION));
    body.put("priority", priority(alert.level()));
    body.put("source", "downcheck");
    body.put("entity", alert.source());
    body.put("tags", List.of("downcheck", alert.event()));
    Map<String, String> details = new LinkedHashMap<>();
    alert.facts().forEach(f -> details.put(f.name(), f.value()));
    body.put("details", details);
    return new Post(URI.create(base + "/v2/alerts"), headers, Texts.json(body));
  }

  static String priority(Alert.Level level) {
    return switch (level) {
      case CRITICAL -> "P1";
      case ERROR -> "P2";
      case WARNING -> "P3";
      case RESOLVED -> "P5";
    };
  }
}
