import downcheck.model.check.CheckRequest;
import downcheck.model.check.ProbeKind;
import downcheck.model.result.Outcome;
import downcheck.model.result.ProbeResult;
import downcheck.model.wire.Codec;
import downcheck.model.wire.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The load driver of bench/run for the agent, end to end through Kafka:
 * {@code java -cp downcheck-coordinator.jar bench/AgentBench.java --kafka H:P --target URL ...}.
 *
 * <p>Keeps {@code --window} check requests outstanding on {@code downcheck.checks} (closed loop,
 * like wrk's connections: a new check goes out as soon as a result comes back), for region
 * {@code bench}, key = target, and reads {@code downcheck.results}. After {@code --warmup-s} it
 * measures for {@code --measure-s}: completed results per second, the probe's own latency
 * ({@code timings.totalMs}, comparable to blackbox_exporter's probe_duration_seconds), the
 * end-to-end latency from send to result, the agent's CPU time (from /proc) and the requests
 * nginx served in the same window (its stub_status). Prints a table and one {@code RESULT k=v ...}
 * line for bench/run.
 */
public class AgentBench {
  private static final String REGION = "bench";

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = parse(argv);
    String kafka = a.getOrDefault("kafka", "127.0.0.1:9092");
    String target = a.get("target");
    int window = Integer.parseInt(a.getOrDefault("window", "512"));
    int distinct = Integer.parseInt(a.getOrDefault("distinct-targets", "64"));
    long warmupS = Long.parseLong(a.getOrDefault("warmup-s", "10"));
    long measureS = Long.parseLong(a.getOrDefault("measure-s", "20"));
    int timeoutMs = Integer.parseInt(a.getOrDefault("timeout-ms", "5000"));
    String agentPid = a.get("agent-pid");
    String nginxStatus = a.get("nginx-status");
    // the agent's /metrics: probes in flight and its RSS are sampled through the measured window
    String agentMetrics = a.get("agent-metrics");
    // other processes whose CPU time in the window is reported: name=pid+pid,name=pid
    Map<String, List<String>> watch = new LinkedHashMap<>();
    watch.put("driver", List.of(String.valueOf(ProcessHandle.current().pid())));
    for (String w : a.getOrDefault("watch", "").split(",")) {
      if (w.contains("=")) {
        watch.put(w.substring(0, w.indexOf('=')), List.of(w.substring(w.indexOf('=') + 1).split("\\+")));
      }
    }
    Map<String, Long> watchFrom = new HashMap<>();
    String label = a.getOrDefault("label", "agent");
    Path raw = a.containsKey("raw") ? Path.of(a.get("raw")) : null;
    if (target == null) {
      throw new IllegalArgumentException("--target URL is required");
    }
    // Targets differ only in the query string, so keys spread over partitions as real checks do,
    // while every probe still goes to the same nginx page.
    String[] targets = new String[distinct];
    for (int i = 0; i < distinct; i++) {
      targets[i] = distinct == 1 ? target : target + (target.contains("?") ? "&" : "?") + "t=" + i;
    }
    Topics topics = Topics.defaults();
    // The driver must cost little CPU (it shares the cores with the agent, as wrk does with
    // blackbox_exporter): each target's check is encoded once by the shared-model Codec, and
    // only its id changes from one check to the next. createdAt is the start of the run; the
    // deadline is far enough ahead for the whole run.
    Instant start = Instant.now();
    Template[] templates = new Template[distinct];
    for (int i = 0; i < distinct; i++) {
      templates[i] = Template.of(Codec.toJson(new CheckRequest(0, Template.MARK, targets[i], ProbeKind.HTTP,
          List.of(REGION), timeoutMs, null, start, start.plusSeconds(warmupS + measureS + 120))));
    }

    Properties pc = new Properties();
    pc.put("bootstrap.servers", kafka);
    pc.put("client.id", "bench-driver-results");
    pc.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    pc.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    pc.put("enable.auto.commit", "false");
    // batch fetches a little: fewer requests for the broker, at most 10 ms more end-to-end latency
    pc.put("fetch.min.bytes", "65536");
    pc.put("fetch.max.wait.ms", "10");
    pc.put("max.poll.records", "2000");
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(pc);
    List<TopicPartition> parts = new ArrayList<>();
    for (PartitionInfo p : consumer.partitionsFor(topics.results(), Duration.ofSeconds(20))) {
      parts.add(new TopicPartition(p.topic(), p.partition()));
    }
    consumer.assign(parts);
    consumer.seekToEnd(parts);
    for (TopicPartition tp : parts) {
      consumer.position(tp); // resolve the end now, before the first check goes out
    }

    Properties pp = new Properties();
    pp.put("bootstrap.servers", kafka);
    pp.put("client.id", "bench-driver-checks");
    pp.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    pp.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    pp.put("acks", "1");
    pp.put("linger.ms", "2");
    KafkaProducer<String, String> producer = new KafkaProducer<>(pp);

    Semaphore permits = new Semaphore(window);
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    AtomicLong sendErrors = new AtomicLong();
    long t0 = System.nanoTime();
    long measureFrom = t0 + TimeUnit.SECONDS.toNanos(warmupS);
    long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(measureS);
    Stats stats = new Stats((int) measureS);
    Map<String, Long> cpuFrom = new HashMap<>();
    long[] nginxFrom = {-1};

    Thread sender = new Thread(() -> {
      long seq = 0;
      try {
        while (System.nanoTime() < measureTo) {
          if (!permits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
            continue;
          }
          String id = "bench-" + (seq++);
          int t = (int) (seq % targets.length);
          sentAt.put(id, System.nanoTime());
          producer.send(new ProducerRecord<>(topics.checks(), targets[t], templates[t].json(id)), (md, err) -> {
            if (err != null) {
              sendErrors.incrementAndGet();
            }
          });
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "bench-sender");

    Thread reaper = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
        long tooOld = System.nanoTime() - TimeUnit.SECONDS.toNanos(15);
        sentAt.entrySet().removeIf(e -> {
          if (e.getValue() < tooOld) {
            stats.lost.incrementAndGet();
            permits.release();
            return true;
          }
          return false;
        });
      }
    }, "bench-reaper");
    reaper.setDaemon(true);

    Sampler sampler = agentPid != null ? new Sampler(agentPid, agentMetrics, measureFrom, measureTo) : null;
    if (sampler != null) {
      sampler.start();
    }
    System.out.printf("%s: window %d checks outstanding, %d distinct targets, warm-up %d s, measure %d s%n",
        label, window, distinct, warmupS, measureS);
    sender.start();
    reaper.start();
    boolean measuring = false;
    boolean checkedScan = false;
    Map<String, ThreadTicks> threadsFrom = null;
    while (true) {
      long now = System.nanoTime();
      if (!measuring && now >= measureFrom) {
        measuring = true;
        if (agentPid != null) {
          cpuFrom.put("cpu", cpuTicks(agentPid));
          threadsFrom = threadTicks(agentPid);
        }
        watch.forEach((name, pids) -> watchFrom.put(name, pids.stream().mapToLong(AgentBench::cpuTicks).sum()));
        nginxFrom[0] = nginxRequests(nginxStatus);
      }
      if (now >= measureTo) {
        break;
      }
      for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(20))) {
        Seen r = Seen.of(rec.value());
        if (r == null) {
          continue;
        }
        if (!checkedScan) {
          checkedScan = true;
          ProbeResult full = Codec.fromJson(rec.value(), ProbeResult.class);
          if (!r.equals(new Seen(full.checkId(), full.outcome(), full.totalMsOr(-1)))) {
            throw new IllegalStateException("the scan of results disagrees with the Codec: " + rec.value());
          }
        }
        Long sent = sentAt.remove(r.checkId());
        if (sent == null) {
          continue; // not ours, or already reaped
        }
        permits.release();
        long at = System.nanoTime();
        if (at >= measureFrom && at < measureTo) {
          stats.add(r, at - sent, (int) ((at - measureFrom) / 1_000_000_000L));
        }
      }
    }
    long cpuTicks = agentPid != null ? cpuTicks(agentPid) - cpuFrom.get("cpu") : -1;
    StringBuilder others = new StringBuilder();
    watch.forEach((name, pids) -> others.append(String.format(" %s_cpu_s=%.1f", name,
        (pids.stream().mapToLong(AgentBench::cpuTicks).sum() - watchFrom.getOrDefault(name, 0L)) / 100.0)));
    Map<String, Long> threadCpu = new HashMap<>();
    if (agentPid != null && threadsFrom != null) {
      for (Map.Entry<String, ThreadTicks> e : threadTicks(agentPid).entrySet()) {
        ThreadTicks before = threadsFrom.get(e.getKey());
        long d = e.getValue().ticks() - (before == null ? 0 : before.ticks());
        threadCpu.merge(e.getValue().name().replaceAll("[0-9]+", "#"), d, Long::sum);
      }
    }
    long nginxDelta = nginxFrom[0] >= 0 ? nginxRequests(nginxStatus) - nginxFrom[0] - 1 : -1;
    sender.join();
    reaper.interrupt();
    if (sampler != null) {
      sampler.interrupt();
      sampler.join();
    }
    producer.close(Duration.ofSeconds(5));
    consumer.close(Duration.ofSeconds(5));

    double secs = measureS;
    long n = stats.count;
    long up = stats.outcomes.getOrDefault(Outcome.UP, 0L);
    double rate = up / secs;
    long[] probe = stats.probeMs();
    long[] e2e = stats.e2eMicros();
    int[] perSecond = stats.perSecond;
    int minSec = Arrays.stream(perSecond).min().orElse(0);
    int maxSec = Arrays.stream(perSecond).max().orElse(0);
    double cpuPerKilo = cpuTicks >= 0 && up > 0 ? cpuTicks * 10.0 /* 100 Hz ticks -> ms */ / up * 1000 : -1;
    System.out.printf("  results %d in %d s: UP %d, other %s, lost %d, send errors %d%n", n, measureS, up,
        stats.outcomes, stats.lost.get(), sendErrors.get());
    System.out.printf("  probes/s (UP results) %.0f, per-second min %d max %d%n", rate, minSec, maxSec);
    System.out.println("  UP results per second: " + Arrays.toString(perSecond));
    System.out.printf("  probe latency (timings.totalMs, whole ms) p50 %d ms p99 %d ms max %d ms%n",
        pct(probe, 50), pct(probe, 99), probe.length == 0 ? 0 : probe[probe.length - 1]);
    System.out.printf("  end-to-end send->result p50 %.2f ms p99 %.2f ms%n", pct(e2e, 50) / 1000.0,
        pct(e2e, 99) / 1000.0);
    System.out.printf("  agent CPU %.1f s in the window (%.0f ms per 1000 probes); nginx served %d requests%n",
        cpuTicks / 100.0, cpuPerKilo, nginxDelta);
    StringBuilder busiest = new StringBuilder();
    threadCpu.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
        .forEach(e -> busiest.append(String.format(" %s %.0f%%;", e.getKey(), e.getValue() * 100.0 / measureS / 100)));
    System.out.println("  agent threads (share of one core in the window):" + busiest);
    System.out.println("  CPU seconds of the others in the window:" + others);
    if (sampler != null) {
      System.out.println("  " + sampler.summary());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("label", label);
    out.put("window", window);
    out.put("results", n);
    out.put("up", up);
    out.put("not_up", n - up);
    out.put("lost", stats.lost.get());
    out.put("probes_per_s", String.format("%.0f", rate));
    out.put("min_s", minSec);
    out.put("max_s", maxSec);
    out.put("probe_p50_ms", pct(probe, 50));
    out.put("probe_p99_ms", pct(probe, 99));
    out.put("e2e_p50_ms", String.format("%.2f", pct(e2e, 50) / 1000.0));
    out.put("e2e_p99_ms", String.format("%.2f", pct(e2e, 99) / 1000.0));
    out.put("cpu_s", String.format("%.1f", cpuTicks / 100.0));
    out.put("cpu_ms_per_1k", String.format("%.0f", cpuPerKilo));
    out.put("nginx_requests", nginxDelta);
    if (sampler != null) {
      out.put("rss_window_max_mb", sampler.rssMaxMb);
      out.put("inflight_max", sampler.inFlightMax);
      out.put("inflight_mean", String.format("%.0f", sampler.inFlightMean()));
    }
    StringBuilder line = new StringBuilder("RESULT");
    out.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    line.append(others);
    System.out.println(line);
    if (raw != null) {
      StringBuilder sb = new StringBuilder("probe_ms,e2e_us\n");
      for (int i = 0; i < stats.rawProbe.size(); i++) {
        sb.append(stats.rawProbe.get(i)).append(',').append(stats.rawE2e.get(i)).append('\n');
      }
      Files.writeString(raw, sb.toString());
    }
    System.exit(0);
  }

  /**
   * Every 250 ms of the measured window: the agent's resident memory (VmRSS) and, when its
   * /metrics URL is given, its probes in flight ({@code downcheck_agent_probes_in_flight}),
   * which is read through the warm-up too.
   */
  static final class Sampler extends Thread {
    private final String pid;
    private final String metricsUrl;
    private final long from;
    private final long to;
    private final HttpClient http = HttpClient.newHttpClient();
    volatile long rssMaxMb = -1;
    volatile long inFlightMax = -1;
    private long inFlightSum;
    private long inFlightSamples;

    Sampler(String pid, String metricsUrl, long from, long to) {
      super("bench-sampler");
      setDaemon(true);
      this.pid = pid;
      this.metricsUrl = metricsUrl;
      this.from = from;
      this.to = to;
    }

    @Override
    public void run() {
      try {
        while (!isInterrupted() && System.nanoTime() < to) {
          Thread.sleep(250);
          // scraped from the start, as Prometheus scrapes a deployed agent: the first scrape loads
          // Netty's HTTP codec, Vert.x's HTTP server and the registry's writer (about 550 classes),
          // and the compiled code that this invalidates is recompiled, its compiler's memory with it
          long n = inFlight();
          if (System.nanoTime() < from) {
            continue;
          }
          rssMaxMb = Math.max(rssMaxMb, rssKb(pid) / 1024);
          if (n >= 0) {
            synchronized (this) {
              inFlightMax = Math.max(inFlightMax, n);
              inFlightSum += n;
              inFlightSamples++;
            }
          }
        }
      } catch (InterruptedException e) {
        // the window is over
      }
    }

    synchronized double inFlightMean() {
      return inFlightSamples == 0 ? -1 : (double) inFlightSum / inFlightSamples;
    }

    String summary() {
      return String.format("agent in the window: RSS at most %d MB; probes in flight at most %d, mean %.0f",
          rssMaxMb, inFlightMax, inFlightMean());
    }

    private long inFlight() throws InterruptedException {
      if (metricsUrl == null) {
        return -1;
      }
      try {
        String body = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : body.split("\n")) {
          if (line.startsWith("downcheck_agent_probes_in_flight")) {
            sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          }
        }
        return (long) sum;
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }

    static long rssKb(String pid) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
          if (line.startsWith("VmRSS:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", ""));
          }
        }
      } catch (IOException | RuntimeException e) {
        // the process ended
      }
      return -1;
    }
  }

  /** A check's JSON split around its id. */
  record Template(String before, String after) {
    static final String MARK = "@@CHECK-ID@@";

    static Template of(String json) {
      int i = json.indexOf(MARK);
      return new Template(json.substring(0, i), json.substring(i + MARK.length()));
    }

    String json(String id) {
      return before + id + after;
    }
  }

  /**
   * The three fields of a result the driver needs. Read by a scan of the JSON the agent's Codec
   * wrote (cheap, so the driver leaves the CPU to the agent), else by the Codec itself.
   */
  record Seen(String checkId, Outcome outcome, long totalMs) {
    static Seen of(String json) {
      String id = string(json, "\"checkId\":\"");
      String outcome = string(json, "\"outcome\":\"");
      int t = json.indexOf("\"totalMs\":");
      if (id != null && outcome != null && t >= 0) {
        int from = t + 10;
        int to = from;
        while (to < json.length() && (Character.isDigit(json.charAt(to)) || json.charAt(to) == '-')) {
          to++;
        }
        try {
          return new Seen(id, Outcome.valueOf(outcome), to > from ? Long.parseLong(json.substring(from, to)) : -1);
        } catch (IllegalArgumentException e) {
          // fall through to the codec
        }
      }
      try {
        ProbeResult r = Codec.fromJson(json, ProbeResult.class);
        return new Seen(r.checkId(), r.outcome(), r.totalMsOr(-1));
      } catch (RuntimeException e) {
        return null;
      }
    }

    private static String string(String json, String key) {
      int i = json.indexOf(key);
      if (i < 0) {
        return null;
      }
      int from = i + key.length();
      int to = json.indexOf('"', from);
      return to < 0 ? null : json.substring(from, to);
    }
  }

  /** What the measured window saw. Only the consumer thread adds. */
  static final class Stats {
    final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    final List<Long> rawProbe = new ArrayList<>();
    final List<Long> rawE2e = new ArrayList<>();
    final AtomicLong lost = new AtomicLong();
    final int[] perSecond;
    long count;

    Stats(int seconds) {
      perSecond = new int[Math.max(1, seconds)];
    }

    void add(Seen r, long e2eNanos, int second) {
      count++;
      outcomes.merge(r.outcome(), 1L, Long::sum);
      if (second < perSecond.length && r.outcome() == Outcome.UP) {
        perSecond[second]++;
      }
      rawProbe.add(r.totalMs());
      rawE2e.add(e2eNanos / 1000);
    }

    long[] probeMs() {
      return rawProbe.stream().mapToLong(Long::longValue).filter(v -> v >= 0).sorted().toArray();
    }

    long[] e2eMicros() {
      return rawE2e.stream().mapToLong(Long::longValue).sorted().toArray();
    }
  }

  static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  /** utime + stime of a process, in clock ticks (100 per second on Linux). */
  static long cpuTicks(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  record ThreadTicks(String name, long ticks) {}

  /** utime + stime of every thread of a process, by thread id, with the thread's name. */
  static Map<String, ThreadTicks> threadTicks(String pid) {
    Map<String, ThreadTicks> m = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc", pid, "task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(t.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          m.put(t.getFileName().toString(), new ThreadTicks(name, Long.parseLong(f[11]) + Long.parseLong(f[12])));
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    return m;
  }

  /** The "requests" counter of nginx's stub_status, or -1. */
  static long nginxRequests(String url) {
    if (url == null) {
      return -1;
    }
    try {
      String body = HttpClient.newHttpClient()
          .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
      String[] lines = body.split("\n");
      return Long.parseLong(lines[2].trim().split("\\s+")[2]);
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static Map<String, String> parse(String[] argv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + argv[i]);
      }
      m.put(argv[i].substring(2), argv[++i]);
    }
    return m;
  }
}
