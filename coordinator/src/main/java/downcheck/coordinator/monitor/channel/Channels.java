package downcheck.coordinator.monitor.channel;

import downcheck.coordinator.monitor.webhook.WebhookClient;
import downcheck.coordinator.monitor.webhook.WebhookSettings;
import downcheck.model.check.AddressPolicy;
import downcheck.model.monitor.Channel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;

/**
 * Sends an alert to a channel: the one entry point for whoever tells anyone anything
 * (docs/architecture.md). Each HTTP format's request goes through the one {@link WebhookClient}
 * (the address judged is the address connected to, one deadline, the status line only, no
 * redirects); email goes through the coordinator's SMTP server ({@link SmtpSender}). One attempt
 * per call: the caller owns retries, the delivery id and the cap on deliveries in flight.
 */
public final class Channels {
  private static final Map<String, ChannelFormat> FORMATS = Map.of(
      Channel.WEBHOOK, new WebhookFormat(),
      Channel.SLACK, new SlackFormat(),
      Channel.PAGERDUTY, new PagerDutyFormat(),
      Channel.OPSGENIE, new OpsgenieFormat(),
      Channel.TEAMS, new TeamsFormat(),
      Channel.DISCORD, new DiscordFormat(),
      Channel.NTFY, new NtfyFormat());

  private final ChannelSettings settings;
  private final AddressPolicy policy;
  private final WebhookClient http;
  private final SmtpSender smtp;

  /** @param policy where HTTP channels may post (the network's address policy) */
  public Channels(Vertx vertx, ChannelSettings settings, WebhookSettings webhooks, AddressPolicy policy) {
    this.settings = settings;
    this.policy = policy;
    this.http = new WebhookClient(vertx, webhooks, policy);
    this.smtp = settings.smtp() == null ? null : new SmtpSender(vertx, settings.smtp());
  }

  /**
   * One attempt to tell {@code channel} the alert. Succeeds with the receiver's status (HTTP, or
   * 250 when the SMTP server took an email), whatever it is; fails with
   * {@link downcheck.coordinator.monitor.webhook.WebhookRefusedException} when the address rule
   * refuses the receiver (a retry would be refused again), or with why the attempt failed, its
   * text free of the channel's secrets ({@link #shown}).
   */
  public Future<Integer> send(Channel channel, Alert alert) {
    try {
      if (Channel.EMAIL.equals(channel.type())) {
        return smtp == null ? Future.failedFuture(new IllegalStateException("this coordinator sends no email: "
            + "--smtp-host is not set")) : smtp.send(channel, alert);
      }
      ChannelFormat format = FORMATS.get(channel.type());
      if (format == null) {
        return Future.failedFuture(new IllegalArgumentException("unknown channel type '" + channel.type() + "'"));
      }
      ChannelFormat.Post post = format.post(channel, alert, settings);
      return http.post(post.url(), post.headers(), post.body());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new IllegalArgumentException(shown(String.valueOf(e.getMessage()), channel), e));
    }
  }

  /** The network's public URL for links in notifications ({@code --alert-link-base}), or null. */
  public String linkBase() {
    return settings.linkBase();
  }

  /** The validation of {@code notify} entries for this coordinator: its address policy, email on or off. */
  public ChannelInput input() {
    return new ChannelInput(policy, settings.emailOn());
  }

  /** An error's text as a log or the delivery log shows it: each secret of the channel, should the text hold it, hidden. */
  public static String shown(String error, Channel channel) {
    String out = error;
    for (String secret : channel.secrets()) {
      out = out.replace(secret, secret.equals(channel.url()) ? Channel.redact(secret) : Channel.HIDDEN);
    }
    return out;
  }

  public void close() {
    http.close();
    if (smtp != null) {
      smtp.close();
    }
  }
}
