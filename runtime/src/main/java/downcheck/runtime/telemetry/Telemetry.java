package downcheck.runtime.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * One process's metrics: a Prometheus registry with what Micrometer binds for free (JVM memory,
 * GC, threads, CPU, uptime), the Vert.x instance built to report into it (HTTP server, event
 * loops, event bus), and the Kafka clients' own metrics. Each executable declares its own
 * downcheck meters on {@link #registry()} in one class.
 */
public final class Telemetry {
  /** The Prometheus text format that {@link #scrape()} produces. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  private Telemetry(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  /** A registry with the JVM's meters bound. */
  public static Telemetry create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return new Telemetry(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** A Vert.x instance whose HTTP servers, event loops and event bus report into this registry. */
  public Vertx vertx() {
    return vertx(new VertxOptions());
  }

  /** The same, with these options (their metrics options replaced). */
  public Vertx vertx(VertxOptions options) {
    return Vertx.builder()
        .with(options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  /** Publishes the client's own metrics (lag, fetch and request rates, ...); close the binding with the client. */
  public Binding bind(KafkaConsumer<?, ?> consumer) {
    return bound(new KafkaClientMetrics(consumer.unwrap()));
  }

  public Binding bind(KafkaProducer<?, ?> producer) {
    return bound(new KafkaClientMetrics(producer.unwrap()));
  }

  private Binding bound(KafkaClientMetrics metrics) {
    metrics.bindTo(registry);
    return metrics::close;
  }

  /** Meters bound to a client: closing removes them, so a closed client is never read. */
  public interface Binding extends AutoCloseable {
    @Override
    void close();
  }

  /** Everything, in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }
}
