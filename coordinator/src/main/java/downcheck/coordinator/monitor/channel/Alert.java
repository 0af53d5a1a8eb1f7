package downcheck.coordinator.monitor.channel;

import downcheck.model.monitor.Channel;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * One thing to tell, in the words every channel format takes what it needs from: a monitor's
 * confirmed change, or anything else a coordinator alerts about. Built by the caller, sent by
 * {@link Channels#send}.
 *
 * @param event       what happened, e.g. {@code monitor.down} ({@code X-Downcheck-Event})
 * @param deliveryId  the same on every retry of this alert, different for another ({@code X-Downcheck-Delivery})
 * @param key         what the alert is about, the same for its trigger and its resolution: PagerDuty's
 *                    {@code dedup_key}, Opsgenie's {@code alias} (a monitor's id)
 * @param level       how bad, or {@link Level#RESOLVED} for the end of it
 * @param source      the thing that is down, e.g. the monitor's target (PagerDuty's {@code source})
 * @param title       a short line: {@code shop is down for everyone}
 * @param text        the sentence a person reads, with the summary
 * @param facts       name and value pairs, in order: monitor, target, state, regions, summary …
 * @param link        a page that shows more, or null
 * @param at          when it happened
 * @param webhookBody the JSON a generic webhook receives, given the channel it goes to (which it may show, redacted)
 */
public record Alert(String event, String deliveryId, String key, Level level, String source, String title,
    String text, List<Fact> facts, String link, Instant at, Function<Channel, Object> webhookBody) {

  public Alert {
    facts = List.copyOf(facts);
  }

  /** How bad: each format maps it to its own scale (PagerDuty severity, Opsgenie priority, ntfy priority, colour). */
  public enum Level {
    /** Down for everyone. */
    CRITICAL,
    /** Down somewhere. */
    ERROR,
    /** Slow, or soon to be a problem. */
    WARNING,
    /** Over: what the key named is fine again. */
    RESOLVED
  }

  /** One line of the facts a card or an email lists. */
  public record Fact(String name, String value) {}
}
