import downcheck.model.result.ProbeResult;
import downcheck.model.verdict.CheckView;
import downcheck.model.verdict.RegionReport;
import downcheck.model.wire.Codec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Java side of bench/coordinator, run with the single-file launcher and downcheck-dev.jar on
 * the class path (for the model and its codec):
 *
 * <pre>
 *   overhead BASE TARGET COUNT RATE   submit COUNT fresh checks at RATE/s, follow each over SSE to its final
 *                                     event; overhead = submit-to-final minus the slowest probe's totalMs
 *                                     (after 10 checks one at a time that warm this client up, and COUNT at
 *                                     RATE/s that warm the coordinator's event streams, not counted)
 *   verify BASE VERDICT SECONDS FILE... every id in the files (one a line) must be final with VERDICT
 *                                     within SECONDS, read with GET /api/v1/checks/{id}
 *   paced BASE TARGET RATE SECONDS    fresh checks at a steady RATE/s for SECONDS (at most 256 unanswered; a
 *                                     submit due while 256 wait is skipped and counted): the same work each
 *                                     second, however fast the network is, so the agents' CPU per probe in
 *                                     their first minute compares with their steady state at the same rate
 *   fill BASE TARGET TIMEOUT_MS       fresh checks with timeoutMs TIMEOUT_MS, 16 at a time, until the
 *                                     coordinator answers 503: its open checks are then at their bound
 *   kafka-hop BOOTSTRAP COUNT         one record at a time, 20 a second, with the coordinator's producer settings
 *                                     (acks=all, linger 0): send to acknowledged, and send to read by a waiting
 *                                     consumer; the floor under the overhead, which crosses Kafka at least twice
 * </pre>
 *
 * Prints one {@code RESULT k=v ...} line.
 */
public class CoordinatorBench {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "overhead" -> overhead(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      case "verify" -> verify(args[1], args[2], Integer.parseInt(args[3]), List.of(args).subList(4, args.length));
      case "kafka-hop" -> kafkaHop(args[1], Integer.parseInt(args[2]));
      case "paced" -> paced(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      case "fill" -> fill(args[1], args[2], Integer.parseInt(args[3]));
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  // ------------------------------------------------------------------ overhead at low load

  static void overhead(String base, String target, int count, int rate) throws Exception {
    // this client's own first requests (class loading, HttpClient start-up, the JIT) take
    // hundreds of ms: a few checks one at a time first, not counted
    for (int i = 0; i < 10; i++) {
      followOne(base, "{\"target\":\"" + target + "?warm=" + i + "\",\"fresh\":true}");
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    // then as many as are measured, at the same rate, not counted: nothing before this phase
    // follows a check, so the coordinator's event streams run their first few hundred events here
    for (Future<long[]> f : followAtRate(pool, base, target, count, rate, "w")) {
      try {
        f.get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("warm-up check failed: " + e);
      }
    }
    List<Future<long[]>> runs = followAtRate(pool, base, target, count, rate, "o");
    List<Long> overhead = new ArrayList<>();
    List<Long> e2e = new ArrayList<>();
    List<List<Long>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    int failed = 0;
    for (Future<long[]> f : runs) {
      try {
        long[] r = f.get(60, TimeUnit.SECONDS);
        e2e.add(r[0]);
        overhead.add(r[0] - r[1]);
        for (int i = 0; i < parts.size(); i++) {
          parts.get(i).add(r[2 + i]);
        }
      } catch (Exception e) {
        failed++;
        System.err.println("overhead check failed: " + e);
      }
    }
    pool.shutdownNow();
    System.out.printf("RESULT checks=%d failed=%d overhead_p50_ms=%s overhead_p99_ms=%s e2e_p50_ms=%s e2e_p99_ms=%s"
            + " in_p50_ms=%s in_p99_ms=%s out_first_p50_ms=%s out_first_p99_ms=%s out_last_p50_ms=%s out_last_p99_ms=%s"
            + " back_p50_ms=%s back_p99_ms=%s%n",
        count, failed, pct(overhead, 50), pct(overhead, 99), pct(e2e, 50), pct(e2e, 99),
        pctMs(parts.get(0), 50), pctMs(parts.get(0), 99), pctMs(parts.get(1), 50), pctMs(parts.get(1), 99),
        pctMs(parts.get(2), 50), pctMs(parts.get(2), 99), pctMs(parts.get(3), 50), pctMs(parts.get(3), 99));
  }

  /** COUNT fresh checks submitted at RATE/s, each followed to its final event on a thread of the pool. */
  static List<Future<long[]>> followAtRate(ExecutorService pool, String base, String target, int count, int rate,
      String tag) throws InterruptedException {
    List<Future<long[]>> runs = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long due = start + i * 1_000_000_000L / rate;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      String body = "{\"target\":\"" + target + "?" + tag + "=" + i + "\",\"fresh\":true}";
      runs.add(pool.submit(() -> followOne(base, body)));
    }
    return runs;
  }

  // ------------------------------------------------------------------ a steady rate

  static void paced(String base, String target, int rate, int seconds) throws Exception {
    java.util.concurrent.Semaphore open = new java.util.concurrent.Semaphore(256);
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    int skipped = 0;
    long start = System.nanoTime();
    long count = (long) rate * seconds;
    for (long i = 0; i < count; i++) {
      long wait = start + i * 1_000_000_000L / rate - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      if (!open.tryAcquire()) {
        skipped++;
        continue;
      }
      String body = "{\"target\":\"" + target + "?p=" + i + "\",\"fresh\":true}";
      HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/checks")).timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.discarding())
          .whenComplete((res, err) -> {
            open.release();
            (err == null && (res.statusCode() == 202 || res.statusCode() == 200) ? accepted : refused).incrementAndGet();
          });
    }
    open.acquire(256);
    System.out.printf("RESULT rate=%d seconds=%d accepted=%d refused=%d skipped=%d%n", rate, seconds, accepted.get(),
        refused.get(), skipped);
  }

  // ------------------------------------------------------------------ open checks at their bound

  static void fill(String base, String target, int timeoutMs) throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger sent = new AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<String> refusal = new java.util.concurrent.atomic.AtomicReference<>();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < 16; w++) {
      workers.add(pool.submit(() -> {
        // at most 100,000 submits: a coordinator that never turns one away is not filling up
        while (refusal.get() == null && sent.get() < 100_000) {
          String body = "{\"target\":\"" + target + "?fill=" + sent.incrementAndGet() + "\",\"fresh\":true,\"timeoutMs\":"
              + timeoutMs + "}";
          HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/checks"))
              .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
          if (res.statusCode() == 202 || res.statusCode() == 200) {
            accepted.incrementAndGet();
          } else {
            refusal.compareAndSet(null, res.statusCode() + " " + res.body());
          }
        }
        return null;
      }));
    }
    for (Future<?> w : workers) {
      w.get();
    }
    pool.shutdown();
    System.out.printf("RESULT accepted=%d ms=%d first_refusal=%s%n", accepted.get(), (System.nanoTime() - t0) / 1_000_000,
        String.valueOf(refusal.get()).replace(' ', '_'));
  }

  /**
   * {submit-to-final ms, slowest probe's totalMs, then in µs where the time went: submit to the
   * check's createdAt (the request in), createdAt to the first and to the last probe's start (out
   * to the agents: the store, the dispatch, one Kafka hop, the agent's intake), the last probe's
   * end to the final event here (back: a Kafka hop, the fold, the verdict, the event stream)}. A
   * probe's start is its finishedAt less its totalMs; every clock is this machine's. Fails unless
   * the check ends final and UP.
   */
  static long[] followOne(String base, String body) throws Exception {
    long t0 = System.nanoTime();
    Instant wall0 = Instant.now();
    HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/checks"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 202) {
      throw new IllegalStateException("submit answered " + res.statusCode() + ": " + res.body());
    }
    String id = Codec.fromJson(res.body(), CheckView.class).id();
    HttpResponse<java.io.InputStream> events = HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/checks/" + id + "/events")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader in = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
      boolean fin = false;
      for (String line; (line = in.readLine()) != null; ) {
        if (line.equals("event: final")) {
          fin = true;
        } else if (fin && line.startsWith("data:")) {
          long ms = (System.nanoTime() - t0) / 1_000_000;
          Instant wallFinal = Instant.now();
          CheckView view = Codec.fromJson(line.substring(5).strip(), CheckView.class);
          if (!"UP".equals(view.verdict().name())) {
            throw new IllegalStateException(id + " final " + view.verdict());
          }
          long slowest = 0;
          Instant firstStart = null;
          Instant lastStart = null;
          Instant lastEnd = null;
          for (RegionReport region : view.assessment().regions()) {
            for (ProbeResult r : region.results()) {
              slowest = Math.max(slowest, r.totalMsOr(0));
              Instant start = r.finishedAt().minusMillis(r.totalMsOr(0));
              firstStart = firstStart == null || start.isBefore(firstStart) ? start : firstStart;
              lastStart = lastStart == null || start.isAfter(lastStart) ? start : lastStart;
              lastEnd = lastEnd == null || r.finishedAt().isAfter(lastEnd) ? r.finishedAt() : lastEnd;
            }
          }
          return new long[] {ms, slowest, micros(wall0, view.createdAt()), micros(view.createdAt(), firstStart),
              micros(view.createdAt(), lastStart), micros(lastEnd, wallFinal)};
        }
      }
    }
    throw new IllegalStateException(id + ": the event stream ended without a final event");
  }

  // ------------------------------------------------------------------ every accepted check final

  static void verify(String base, String verdict, int seconds, List<String> files) throws Exception {
    List<String> ids = new ArrayList<>();
    for (String f : files) {
      for (String line : Files.readAllLines(Path.of(f))) {
        if (!line.isBlank()) {
          ids.add(line.strip());
        }
      }
    }
    Map<String, String> pending = new ConcurrentHashMap<>();
    ids.forEach(id -> pending.put(id, "not read"));
    AtomicInteger wrong = new AtomicInteger();
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    while (!pending.isEmpty() && System.nanoTime() < until) {
      List<Future<?>> round = new ArrayList<>();
      List<String> batch = new ArrayList<>(pending.keySet());
      int per = Math.max(1, batch.size() / 8 + 1);
      for (int i = 0; i < batch.size(); i += per) {
        List<String> part = batch.subList(i, Math.min(batch.size(), i + per));
        round.add(pool.submit(() -> {
          for (String id : part) {
            readOne(base, id, verdict, pending, wrong);
          }
          return null;
        }));
      }
      for (Future<?> f : round) {
        f.get();
      }
      if (!pending.isEmpty()) {
        Thread.sleep(1000);
      }
    }
    pool.shutdownNow();
    pending.entrySet().stream().limit(5).forEach(e -> System.err.println("not final: " + e.getKey() + " " + e.getValue()));
    System.out.printf("RESULT accepted=%d final_right=%d final_wrong=%d not_final=%d%n",
        ids.size(), ids.size() - pending.size() - wrong.get(), wrong.get(), pending.size());
  }

  static void readOne(String base, String id, String verdict, Map<String, String> pending, AtomicInteger wrong) {
    try {
      HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/checks/" + id)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 200) {
        pending.put(id, "HTTP " + res.statusCode());
        return;
      }
      CheckView view = Codec.fromJson(res.body(), CheckView.class);
      if (!view.isFinal()) {
        pending.put(id, "not final: " + view.verdict());
        return;
      }
      pending.remove(id);
      if (!verdict.equals(view.verdict().name())) {
        wrong.incrementAndGet();
        System.err.println("wrong verdict: " + id + " " + view.verdict() + " " + view.summary());
      }
    } catch (Exception e) {
      pending.put(id, e.toString());
    }
  }

  // ------------------------------------------------------------------ one Kafka hop on this machine

  static void kafkaHop(String bootstrap, int count) throws Exception {
    String topic = "downcheck.bench-hop";
    Map<String, Object> common = Map.of("bootstrap.servers", bootstrap);
    try (Admin admin = Admin.create(common)) {
      if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) { // a broker used before
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
      }
    }
    Map<String, Object> p = new java.util.HashMap<>(common);
    p.putAll(Map.of("acks", "all", "linger.ms", "0", "key.serializer", StringSerializer.class.getName(),
        "value.serializer", StringSerializer.class.getName()));
    Map<String, Object> c = new java.util.HashMap<>(common);
    c.putAll(Map.of("group.id", "bench-hop", "auto.offset.reset", "earliest", "fetch.max.wait.ms", "100",
        "key.deserializer", StringDeserializer.class.getName(), "value.deserializer", StringDeserializer.class.getName()));
    List<Long> acked = new ArrayList<>();
    List<Long> read = new ArrayList<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p); KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
      consumer.subscribe(List.of(topic));
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (consumer.assignment().isEmpty() && System.nanoTime() < until) {
        consumer.poll(Duration.ofMillis(100));
      }
      int warmup = 50;
      for (int i = 0; i < warmup + count; i++) {
        String value = "hop-" + i;
        long t0 = System.nanoTime();
        producer.send(new ProducerRecord<>(topic, value, value)).get(10, TimeUnit.SECONDS);
        long t1 = System.nanoTime();
        boolean seen = false;
        while (!seen && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10)) {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            seen |= value.equals(r.value());
          }
        }
        long t2 = System.nanoTime();
        if (i >= warmup && seen) {
          acked.add((t1 - t0) / 100_000);
          read.add((t2 - t0) / 100_000);
        }
        Thread.sleep(50);
      }
    }
    System.out.printf("RESULT hops=%d ack_p50_ms=%s ack_p99_ms=%s hop_p50_ms=%s hop_p99_ms=%s%n", read.size(),
        tenths(pct(acked, 50)), tenths(pct(acked, 99)), tenths(pct(read, 50)), tenths(pct(read, 99)));
  }

  static String tenths(String v) {
    return v.equals("-") ? v : String.format("%.1f", Long.parseLong(v) / 10.0);
  }

  static long micros(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1_000;
  }

  /** The p-th percentile of values in µs, in ms with one decimal. */
  static String pctMs(List<Long> micros, int p) {
    String v = pct(micros, p);
    return v.equals("-") ? v : String.format("%.1f", Long.parseLong(v) / 1000.0);
  }

  static String pct(List<Long> values, int p) {
    if (values.isEmpty()) {
      return "-";
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return Long.toString(sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
  }
}
