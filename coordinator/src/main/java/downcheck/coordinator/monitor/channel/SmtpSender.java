package downcheck.coordinator.monitor.channel;

import downcheck.model.monitor.Channel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.concurrent.TimeUnit;

/**
 * Sends email channels' messages through the coordinator's SMTP server with Vert.x's non-blocking
 * mail client: at most {@link #MAX_CONNECTIONS} connections, TLS from the first byte or STARTTLS
 * as configured (the server's name checked against its certificate, {@link SmtpTrust}), one
 * deadline per attempt. Succeeds with 250, the SMTP
 * server's "accepted"; fails with the server's reply, or with how far the attempt got.
 */
final class SmtpSender {
  static final int MAX_CONNECTIONS = 4;
  static final int ACCEPTED = 250;

  private final Vertx vertx;
  private final ChannelSettings.Smtp smtp;
  private final MailClient client;

  SmtpSender(Vertx vertx, ChannelSettings.Smtp smtp) {
    this.vertx = vertx;
    this.smtp = smtp;
    int timeoutMs = (int) smtp.timeout().toMillis();
    MailConfig config = new MailConfig().setHostname(smtp.host()).setPort(smtp.port()).setSsl(smtp.implicitTls())
        .setStarttls(smtp.implicitTls() ? StartTLSOptions.DISABLED : switch (smtp.startTls()) {
          case REQUIRED -> StartTLSOptions.REQUIRED;
          case OPTIONAL -> StartTLSOptions.OPTIONAL;
          case OFF -> StartTLSOptions.DISABLED;
        })
        .setLogin(smtp.username() == null ? LoginOption.DISABLED : LoginOption.REQUIRED)
        .setMaxPoolSize(MAX_CONNECTIONS).setKeepAlive(false).setUserAgent("downcheck")
        // the EHLO name: the sender's domain, not a lookup of this host's own name (which can block)
        .setOwnHostname(smtp.from().substring(smtp.from().indexOf('@') + 1))
        // a password, so a password's methods: never XOAUTH2 (a token) tried with it first
        .setAuthMethods("PLAIN LOGIN");
    config.setHostnameVerificationAlgorithm("HTTPS");
    config.setConnectTimeout(timeoutMs);
    config.setIdleTimeout(timeoutMs);
    config.setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    config.setSslHandshakeTimeout(timeoutMs);
    config.setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
    if (smtp.username() != null) {
      config.setUsername(smtp.username()).setPassword(smtp.password());
    }
    // the chain and the server's name checked by SmtpTrust, against --smtp-host
    config.setTrustOptions(TrustOptions.wrap(SmtpTrust.of(smtp.host(), smtp.trustFile())));
    this.client = MailClient.create(vertx, config);
  }

  Future<Integer> send(Channel channel, Alert alert) {
    Promise<Integer> result = Promise.promise();
    long timeoutMs = smtp.timeout().toMillis();
    long timer = vertx.setTimer(timeoutMs, t -> result.tryFail("no answer from " + smtp.host() + " within "
        + timeoutMs + " ms"));
    client.sendMail(EmailFormat.message(channel, alert, smtp.from())).onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        result.tryComplete(ACCEPTED);
      } else {
        result.tryFail(describe(ar.cause()));
      }
    });
    return result.future();
  }

  private String describe(Throwable e) {
    if (e instanceof SMTPException s) {
      return "SMTP " + s.getReplyCode() + " from " + smtp.host() + ": " + Texts.clip(Texts.line(s.getReplyMessage()), 200);
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable root = e;
    for (int depth = 0; root.getCause() != null && depth < 10; depth++) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
      message += ": " + root.getMessage(); // "Failed to create SSL connection" says too little alone
    }
    return "email through " + smtp.host() + ":" + smtp.port() + ": " + Texts.clip(Texts.line(message), 300);
  }

  void close() {
    client.close();
  }
}
