package downcheck.coordinator.monitor.channel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The flags of the alert channels (docs/monitors.md, "Channels"): each default and help declared here only. */
public final class ChannelOptions {
  @Option(names = "--pagerduty-url", defaultValue = "https://events.pagerduty.com/v2/enqueue", paramLabel = "URL",
      description = "Where pagerduty channels send their events (PagerDuty's Events API v2); another URL for a relay.")
  String pagerDutyUrl;

  @Option(names = "--opsgenie-url", defaultValue = "https://api.opsgenie.com", paramLabel = "URL",
      description = "The base URL of Opsgenie's Alert API for opsgenie channels of region us.")
  String opsgenieUrl;

  @Option(names = "--opsgenie-eu-url", defaultValue = "https://api.eu.opsgenie.com", paramLabel = "URL",
      description = "The base URL of Opsgenie's Alert API for opsgenie channels of region eu.")
  String opsgenieEuUrl;

  @Option(names = "--alert-link-base", paramLabel = "URL",
      description = "This network's public URL (e.g. https://downcheck.example): notifications link to the check "
          + "that confirmed a change under it; none = no link.")
  String linkBase;

  @Option(names = "--smtp-host", paramLabel = "HOST",
      description = "The SMTP server email channels send through; none = email channels are refused.")
  String smtpHost;

  @Option(names = "--smtp-port", defaultValue = "587", paramLabel = "N", description = "The SMTP server's port.")
  int smtpPort;

  @Option(names = "--smtp-from", paramLabel = "ADDRESS",
      description = "The sender of notification email (required with --smtp-host).")
  String smtpFrom;

  @Option(names = "--smtp-username", paramLabel = "NAME",
      description = "The SMTP user, with --smtp-password-file; none = no authentication.")
  String smtpUsername;

  @Option(names = "--smtp-password-file", paramLabel = "FILE",
      description = "A file holding the SMTP password (its first line), never the password itself on the command line.")
  Path smtpPasswordFile;

  @Option(names = "--smtp-starttls", defaultValue = "required", paramLabel = "MODE",
      description = "STARTTLS: required (no mail without it), optional (used when offered) or off.")
  String smtpStartTls;

  @Option(names = "--smtp-implicit-tls",
      description = "TLS from the first byte (SMTPS, usually port 465) instead of STARTTLS.")
  boolean smtpImplicitTls;

  @Option(names = "--smtp-timeout-ms", defaultValue = "10000", paramLabel = "N",
      description = "One email attempt's whole deadline: connect, TLS, authentication and the message.")
  long smtpTimeoutMs;

  @Option(names = "--smtp-trust-file", paramLabel = "FILE",
      description = "PEM certificates to trust for TLS to the SMTP server (a private relay's CA); none = the JDK's. "
          + "The certificate must name --smtp-host either way.")
  Path smtpTrustFile;

  public ChannelSettings settings() {
    return new ChannelSettings(URI.create(pagerDutyUrl.strip()), URI.create(opsgenieUrl.strip()),
        URI.create(opsgenieEuUrl.strip()), blank(linkBase) ? null : linkBase.strip(), smtp());
  }

  private ChannelSettings.Smtp smtp() {
    if (blank(smtpHost)) {
      return null;
    }
    ChannelSettings.StartTls tls;
    try {
      tls = ChannelSettings.StartTls.valueOf(smtpStartTls.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--smtp-starttls must be required, optional or off (" + smtpStartTls + ")");
    }
    return new ChannelSettings.Smtp(smtpHost.strip(), smtpPort, blank(smtpFrom) ? null : smtpFrom.strip(),
        blank(smtpUsername) ? null : smtpUsername.strip(), smtpPasswordFile == null ? null : password(smtpPasswordFile),
        smtpImplicitTls, tls, Duration.ofMillis(smtpTimeoutMs), smtpTrustFile);
  }

  private static String password(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      String first = text.lines().findFirst().orElse("");
      if (first.isEmpty()) {
        throw new IllegalArgumentException("--smtp-password-file " + file + " is empty");
      }
      return first;
    } catch (IOException e) {
      throw new UncheckedIOException("--smtp-password-file " + file + " cannot be read", e);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
