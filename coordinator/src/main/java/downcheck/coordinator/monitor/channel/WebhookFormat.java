package downcheck.coordinator.monitor.channel;

import downcheck.model.monitor.Channel;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The generic webhook: the alert's own JSON (docs/api.md), signed when the channel has a secret:
 * {@code X-Downcheck-Signature: sha256=<hex HMAC-SHA256 of the raw body>}.
 */
final class WebhookFormat implements ChannelFormat {
  @Override
  public Post post(Channel channel, Alert alert, ChannelSettings urls) {
    Buffer body = Texts.json(alert.webhookBody().apply(channel));
    Map<String, String> headers = Texts.headers("application/json", alert);
    if (channel.secret() != null) {
      headers.put("X-Downcheck-Signature", "sha256=" + sign(channel.secret(), body.getBytes()));
    }
    return new Post(URI.create(channel.url()), headers, body);
  }

  static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
