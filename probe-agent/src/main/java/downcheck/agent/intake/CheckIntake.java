package downcheck.agent.intake;

import downcheck.model.check.CheckRequest;
import downcheck.runtime.KafkaSettings;
import downcheck.agent.kafka.AgentKafka;
import downcheck.agent.telemetry.AgentMetrics;
import downcheck.agent.telemetry.AgentMetrics.SkipReason;
import downcheck.runtime.DirectPartition;
import downcheck.runtime.RecordDecoder;
import downcheck.runtime.TopicPartitions;
import io.vertx.kafka.client.common.TopicPartition;
import java.time.Duration;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import downcheck.runtime.telemetry.Telemetry;
import java.time.Clock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code downcheck.checks} in the region's consumer group, so every region gets every
 * check and the agents of one region share them; and the checks addressed to this agent on
 * {@code downcheck.direct}, from the one partition its id hashes to ({@link DirectPartition}),
 * outside any group (docs/architecture.md, "Direct addressing"). At most {@code maxConcurrency}
 * checks run at once, of both together: when saturated, both consumers pause instead of queueing
 * without end, and resume as probes finish. Both obey the same deadline budget ({@link Admission}).
 */
public final class CheckIntake {
  private static final Logger LOG = LoggerFactory.getLogger(CheckIntake.class);

  /**
   * How far back a starting agent reads its direct partition: as long as a check lives (the
   * longest timeout and a grace), so a restarted agent still runs what was sent to it meanwhile
   * and is still in time; anything older is past its deadline.
   */
  static final Duration DIRECT_LOOKBACK = Duration.ofSeconds(60);

  private final KafkaConsumer<String, String> consumer;
  private final KafkaConsumer<String, String> direct;
  private final Telemetry.Binding directMetrics;
  private final Vertx vertx;
  private final String agentId;
  private final KafkaSettings kafka;
  private final String region;
  private final int maxConcurrency;
  private final Clock clock;
  private final AgentMetrics metrics;
  private final Telemetry.Binding clientMetrics;
  private final RecordDecoder decoder;
  private final Function<Run, Future<Void>> runner;
  private final Promise<Void> assigned = Promise.promise();
  private int inFlight;
  private boolean paused;

  /** A check admitted to run, with the time it may take. */
  public record Run(CheckRequest check, Admission admission) {}

  public CheckIntake(Vertx vertx, KafkaSettings kafka, String region, String agentId, int maxConcurrency,
      Clock clock, Telemetry telemetry, AgentMetrics metrics, Function<Run, Future<Void>> runner) {
    this.vertx = vertx;
    this.agentId = agentId;
    this.kafka = kafka;
    this.region = region;
    this.maxConcurrency = maxConcurrency;
    this.clock = clock;
    this.metrics = metrics;
    this.decoder = new RecordDecoder(metrics::malformed);
    this.runner = runner;
    // earliest: a new region's group must not miss the check sent while it joined; older
    // checks are past their deadline and skipped at the cost of parsing them
    this.consumer = KafkaConsumer.create(vertx, AgentKafka.consumer(kafka, "downcheck-agent-" + agentId + "-checks",
        kafka.topics().regionGroup(region), "earliest"));
    this.clientMetrics = telemetry.bind(consumer);
    this.direct = KafkaConsumer.create(vertx, AgentKafka.consumer(kafka, "downcheck-agent-" + agentId + "-direct",
        null, "latest"));
    this.directMetrics = telemetry.bind(direct);
    metrics.probesInFlight(agentId, () -> inFlight);
  }

  /**
   * Reads its direct partition, then subscribes in the region's group; the future completes once
   * both read, i.e. the agent really listens (its first heartbeat, which makes it a candidate for
   * direct checks, goes out after this).
   */
  public Future<Void> start() {
    consumer.partitionsAssignedHandler(parts -> assigned.tryComplete());
    consumer.exceptionHandler(err -> LOG.warn("check consumer: {}", err.getMessage()));
    consumer.handler(this::onRecord);
    return startDirect()
        .compose(v -> consumer.subscribe(kafka.topics().checks()))
        .compose(v -> assigned.future());
  }

  /**
   * Assigns the one partition of the direct topic this agent's id hashes to, positioned
   * {@link #DIRECT_LOOKBACK} back (or at its end when nothing is that recent); the handler is set
   * last, so no record is read before the position is.
   */
  private Future<Void> startDirect() {
    String topic = kafka.topics().direct();
    direct.exceptionHandler(err -> LOG.warn("direct check consumer: {}", err.getMessage()));
    return TopicPartitions.all(vertx, direct, topic).compose(parts -> {
      TopicPartition mine = new TopicPartition(topic, DirectPartition.of(agentId, parts.size()));
      long since = clock.instant().minus(DIRECT_LOOKBACK).toEpochMilli();
      return direct.offsetsForTimes(mine, since)
          .compose(found -> direct.assign(mine)
              .compose(v -> found == null ? direct.seekToEnd(mine) : direct.seek(mine, found.getOffset())))
          .onSuccess(v -> {
            direct.handler(this::onDirectRecord);
            LOG.debug("agent {} reads its direct checks on {}-{}", agentId, topic, mine.getPartition());
          });
    });
  }

  public Future<Void> stop() {
    clientMetrics.close();
    directMetrics.close();
    return Future.join(consumer.close(), direct.close()).mapEmpty();
  }

  /** True once the region's partitions are assigned: the agent really listens. */
  public boolean listening() {
    return assigned.future().succeeded();
  }

  public int inFlight() {
    return inFlight;
  }

  private void onRecord(KafkaConsumerRecord<String, String> record) {
    CheckRequest check = decoder.decode(record, CheckRequest.class);
    if (check == null) {
      return;
    }
    admit(check, Admission.decide(check, region, clock.instant()));
  }

  private void onDirectRecord(KafkaConsumerRecord<String, String> record) {
    if (record.key() != null && !record.key().equals(agentId)) {
      metrics.skipped(SkipReason.OTHER_AGENT); // another agent's, on the partition it shares: not even parsed
      return;
    }
    CheckRequest check = decoder.decode(record, CheckRequest.class);
    if (check != null) {
      admit(check, Admission.decideDirect(check, agentId, clock.instant()));
    }
  }

  private void admit(CheckRequest check, Admission admission) {
    switch (admission.decision()) {
      case OTHER_REGION -> metrics.skipped(SkipReason.OTHER_REGION);
      case OTHER_AGENT -> metrics.skipped(SkipReason.OTHER_AGENT);
      case EXPIRED -> {
        metrics.skipped(SkipReason.EXPIRED);
        LOG.debug("check {} for {} is past its deadline {}, skipped", check.checkId(), check.target(), check.deadline());
      }
      case RUN -> run(new Run(check, admission));
    }
  }

  private void run(Run run) {
    inFlight++;
    if (inFlight >= maxConcurrency && !paused) {
      paused = true;
      consumer.pause();
      direct.pause();
      LOG.debug("{} probes in flight: pausing intake", inFlight);
    }
    runner.apply(run).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("check {} for {}: {}", run.check().checkId(), run.check().target(), ar.cause().toString());
      }
      inFlight--;
      if (paused && inFlight < maxConcurrency) {
        paused = false;
        consumer.resume();
        direct.resume();
        LOG.debug("{} probes in flight: resuming intake", inFlight);
      }
    });
  }
}
