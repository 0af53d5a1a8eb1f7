package downcheck.agent.intake;

import downcheck.model.check.CheckRequest;
import downcheck.runtime.KafkaSettings;
import downcheck.agent.kafka.AgentKafka;
import downcheck.agent.telemetry.AgentMetrics;
import downcheck.agent.telemetry.AgentMetrics.SkipReason;
import downcheck.runtime.RecordDecoder;
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
 * check and the agents of one region share them. At most {@code maxConcurrency} checks run at
 * once: when saturated, the consumer pauses instead of queueing without end, and resumes as
 * probes finish.
 */
public final class CheckIntake {
  private static final Logger LOG = LoggerFactory.getLogger(CheckIntake.class);

  private final KafkaConsumer<String, String> consumer;
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
    metrics.probesInFlight(agentId, () -> inFlight);
  }

  /** Subscribes; the future completes once partitions are assigned, i.e. the agent really listens. */
  public Future<Void> start() {
    consumer.partitionsAssignedHandler(parts -> assigned.tryComplete());
    consumer.exceptionHandler(err -> LOG.warn("check consumer: {}", err.getMessage()));
    consumer.handler(this::onRecord);
    return consumer.subscribe(kafka.topics().checks()).compose(v -> assigned.future());
  }

  public Future<Void> stop() {
    clientMetrics.close();
    return consumer.close();
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
    Admission admission = Admission.decide(check, region, clock.instant());
    switch (admission.decision()) {
      case OTHER_REGION -> metrics.skipped(SkipReason.OTHER_REGION);
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
        LOG.debug("{} probes in flight: resuming intake", inFlight);
      }
    });
  }
}
