package downcheck.coordinator.monitor.channel;

import downcheck.model.monitor.Channel;
import io.vertx.ext.mail.MailMessage;

/**
 * An email channel's message: plain text, subject {@code [downcheck] <title>}, the sentence,
 * the facts one a line and the link; {@code X-Downcheck-Event} and {@code X-Downcheck-Delivery}
 * as headers, so a filter can sort them and a reader can drop a retried duplicate.
 */
final class EmailFormat {
  static final int MAX_SUBJECT = 200;

  private EmailFormat() {}

  static MailMessage message(Channel channel, Alert alert, String from) {
    MailMessage m = new MailMessage().setFrom(from).setTo(channel.to())
        .setSubject(Texts.clip(Texts.line("[downcheck] " + alert.title()), MAX_SUBJECT))
        .setText(text(alert));
    m.addHeader("X-Downcheck-Event", alert.event());
    m.addHeader("X-Downcheck-Delivery", alert.deliveryId());
    return m;
  }

  static String text(Alert alert) {
    return alert.text() + "\n\n" + Texts.factLines(alert)
        + (alert.link() == null ? "" : "\nThe check: " + alert.link() + "\n")
        + "\n-- \ndowncheck, delivery " + alert.deliveryId() + "\n";
  }
}
