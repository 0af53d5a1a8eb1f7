package downcheck.coordinator.monitor.channel;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Where the services' channels post and how email is sent, validated; defaults and help in
 * {@link ChannelOptions} (docs/monitors.md, "Channels").
 *
 * @param pagerDuty  PagerDuty's Events API v2 endpoint
 * @param opsgenieUs the base URL of Opsgenie's API for US accounts
 * @param opsgenieEu the base URL of Opsgenie's API for EU accounts
 * @param linkBase   the coordinator's public URL, for the links in notifications; null = no link
 * @param smtp       how email is sent; null = this coordinator sends no email
 */
public record ChannelSettings(URI pagerDuty, URI opsgenieUs, URI opsgenieEu, String linkBase, Smtp smtp) {
  public static final URI PAGERDUTY = URI.create("https://events.pagerduty.com/v2/enqueue");
  public static final URI OPSGENIE_US = URI.create("https://api.opsgenie.com");
  public static final URI OPSGENIE_EU = URI.create("https://api.eu.opsgenie.com");

  public ChannelSettings {
    pagerDuty = httpUrl(pagerDuty, "--pagerduty-url");
    opsgenieUs = httpUrl(opsgenieUs, "--opsgenie-url");
    opsgenieEu = httpUrl(opsgenieEu, "--opsgenie-eu-url");
    if (linkBase != null) {
      linkBase = httpUrl(URI.create(linkBase), "--alert-link-base").toString().replaceAll("/+$", "");
    }
  }

  public static ChannelSettings defaults() {
    return new ChannelSettings(PAGERDUTY, OPSGENIE_US, OPSGENIE_EU, null, null);
  }

  /** Whether email channels may be made here. */
  public boolean emailOn() {
    return smtp != null;
  }

  private static URI httpUrl(URI url, String flag) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw new IllegalArgumentException(flag + " must be an http(s) URL with a host (" + url + ")");
    }
    return url;
  }

  /** How STARTTLS is used: required (else the mail is not sent), optional (when offered), off. */
  public enum StartTls { REQUIRED, OPTIONAL, OFF }

  /**
   * The SMTP server every email channel goes through, the coordinator's own (never one a monitor names).
   *
   * @param password  from {@code --smtp-password-file}; null = no authentication. Never shown ({@link #toString()}).
   * @param implicitTls TLS from the first byte (SMTPS, port 465) instead of STARTTLS
   * @param trustFile PEM certificates to trust for STARTTLS; null = the JDK's. The server's name is checked.
   * @param timeout   one attempt's whole deadline: connect, TLS, authentication and the message
   */
  public record Smtp(String host, int port, String from, String username, String password, boolean implicitTls,
      StartTls startTls, Duration timeout, Path trustFile) {
    public Smtp {
      if (host == null || host.isBlank() || port < 1 || port > 65_535) {
        throw new IllegalArgumentException("--smtp-host and --smtp-port must name a server (" + host + ":" + port + ")");
      }
      if (from == null || !EmailAddresses.valid(from)) {
        throw new IllegalArgumentException("--smtp-from must be an address such as downcheck@example.com (" + from + ")");
      }
      if ((username == null) != (password == null)) {
        throw new IllegalArgumentException("--smtp-username and --smtp-password-file go together");
      }
      if (timeout.toMillis() < 100 || timeout.compareTo(Duration.ofMinutes(2)) > 0) {
        throw new IllegalArgumentException("--smtp-timeout-ms must be in 100..120000 (" + timeout.toMillis() + ")");
      }
    }

    @Override
    public String toString() {
      return "Smtp[" + host + ":" + port + ", from " + from + ", user " + username + (implicitTls ? ", TLS" : ", STARTTLS " + startTls)
          + ", timeout " + timeout.toMillis() + " ms]";
    }
  }
}
