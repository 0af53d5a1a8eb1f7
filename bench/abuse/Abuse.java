import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/abuse's driver: {@code java bench/abuse/Abuse.java API_PORT COORDINATOR_PID AGENT_PID [ATTACK...]}.
 * Runs each attack of docs/security.md in turn against a running coordinator and agent (started
 * by bench/abuse/run with their deployed JVM defaults), with a steady trickle of honest checks
 * throughout, and prints one table row per attack. Everything it serves and sends stays on
 * loopback: the hostile targets and receivers listen on 127.0.0.0/8 addresses of their own, and
 * each attacker sends from its own loopback source address, so the per-client budgets it meets
 * are its own and the honest client's stay untouched.
 *
 * Plain sockets on purpose: an attacker does not use a well-behaved client, and the driver must
 * control source addresses, partial requests and unread streams byte by byte.
 */
public class Abuse {
  static final String HONEST_SOURCE = "127.0.0.3";
  static final Duration SETTLE = Duration.ofSeconds(20);

  final int api;
  final Map<String, Long> pids = new LinkedHashMap<>();
  final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r);
    t.setDaemon(true);
    return t;
  });
  final List<ServerSocket> servers = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger sourceSeq = new AtomicInteger(10);

  Abuse(int api, long coordinatorPid, long agentPid) {
    this.api = api;
    pids.put("coordinator", coordinatorPid);
    pids.put("agent", agentPid);
  }

  public static void main(String[] args) throws Exception {
    Abuse abuse = new Abuse(Integer.parseInt(args[0]), Long.parseLong(args[1]), Long.parseLong(args[2]));
    List<String> only = List.of(args).subList(3, args.length);
    abuse.run(only);
    System.exit(0);
  }

  // ------------------------------------------------------------------------------------- attacks

  record Attack(String name, String what, AttackBody body) {}

  interface AttackBody {
    /**
     * Runs the attack; returns what it sent and how many of those were refused or bounded: a
     * request answered 4xx/5xx or a connection closed by the coordinator, and for a hostile
     * target the checks that were refused or became final (the agent answered, or the deadline
     * closed them).
     */
    long[] run(String source) throws Exception;
  }

  List<Attack> attacks() {
    return List.of(
        new Attack("stall-after-1MiB", "40 checks, bodyContains, target announces 2 MiB, sends 1 MiB - 1 B, stalls",
            src -> targetChecks(src, stallAfterBody(), 40, "\"expect\":{\"bodyContains\":\"zzz\"}", 15000)),
        new Attack("slow-search", "40 checks, 1 MiB of 'a' searched for 1023 'a' and a 'b'",
            src -> targetChecks(src, aaaBody(), 40, "\"expect\":{\"bodyContains\":\"" + "a".repeat(1023) + "b\"}", 15000)),
        new Attack("endless-chunked", "40 checks of a body that never ends",
            src -> targetChecks(src, endlessChunked(), 40, "\"expect\":{\"bodyContains\":\"zzz\"}", 10000)),
        new Attack("one-byte-a-second", "40 checks of a target that drips its answer",
            src -> targetChecks(src, drip(), 40, "", 10000)),
        new Attack("64KiB-headers", "40 checks of a target sending 64 KiB of headers",
            src -> targetChecks(src, bigHeaders(), 40, "", 10000)),
        new Attack("redirect-chain", "40 checks of an endless redirect chain",
            src -> targetChecks(src, redirects(), 40, "", 10000)),
        new Attack("tls-stall", "40 checks of a TLS port that never answers the ClientHello",
            src -> targetChecks(src, tlsStall(), 40, "", 10000)),
        new Attack("invented-keys", "1000 submits, each with a new X-API-Key",
            this::inventedKeys),
        new Attack("watches", "1000 watches of one outage",
            this::watches),
        new Attack("slowloris", "2000 connections sending half a request",
            this::slowloris),
        new Attack("unread-streams", "300 live streams that never read, 300 checks",
            this::unreadStreams),
        new Attack("webhook-endless", "monitors notifying a receiver whose 200 never ends",
            src -> webhook(src, endlessWebhook())));
  }

  void run(List<String> only) throws Exception {
    Honest honest = new Honest();
    honest.start();
    System.out.println("| attack | what | requests sent | refused or bounded | processes alive | coordinator RSS MB before / peak / after"
        + " | agent RSS MB before / peak / after | honest checks final (UP) / sent |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (Attack attack : attacks()) {
      if (!only.isEmpty() && !only.contains(attack.name())) {
        continue;
      }
      Map<String, long[]> before = new LinkedHashMap<>();
      pids.forEach((name, pid) -> before.put(name, new long[] {rssKb(pid), rssKb(pid), 0}));
      AtomicBoolean sampling = new AtomicBoolean(true);
      Future<?> sampler = pool.submit(() -> {
        while (sampling.get()) {
          pids.forEach((name, pid) -> before.get(name)[1] = Math.max(before.get(name)[1], rssKb(pid)));
          pause(200);
        }
      });
      int honestFrom = honest.sent.size();
      String source = "127.0.1." + sourceSeq.getAndIncrement();
      long[] counts;
      try {
        counts = attack.body().run(source);
      } catch (Exception e) {
        counts = new long[] {-1, -1};
        System.err.println(attack.name() + ": the driver failed: " + e);
      }
      pause(SETTLE.toMillis());
      sampling.set(false);
      sampler.get();
      pids.forEach((name, pid) -> before.get(name)[2] = rssKb(pid));
      int honestTo = honest.sent.size();
      int[] fin = honest.finals(honestFrom, honestTo);
      boolean alive = pids.values().stream().allMatch(Abuse::alive);
      long[] c = before.get("coordinator");
      long[] a = before.get("agent");
      System.out.printf("| %s | %s | %d | %d | %s | %d / %d / %d | %d / %d / %d | %d (%d) / %d |%n", attack.name(), attack.what(),
          counts[0], counts[1], alive ? "yes" : "**NO**", c[0] / 1024, c[1] / 1024, c[2] / 1024, a[0] / 1024, a[1] / 1024,
          a[2] / 1024, fin[0], fin[1], honestTo - honestFrom);
      System.out.flush();
      closeServers();
      if (!alive) {
        System.out.println("a process is gone: the attacks after this one would measure nothing");
        break;
      }
    }
    honest.stop();
  }

  /** {@code n} checks of the hostile target {@code base}, each with its own query; counts the ones refused. */
  long[] targetChecks(String source, String base, int n, String extra, int timeoutMs) throws Exception {
    long refused = 0;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String body = "{\"target\":\"" + base + "?q=" + UUID.randomUUID() + "\",\"timeoutMs\":" + timeoutMs + ",\"fresh\":true"
          + (extra.isEmpty() ? "" : "," + extra) + "}";
      Response r = request(source, "POST", "/api/v1/checks", Map.of(), body);
      if (r.status() == 202 || r.status() == 200) {
        ids.add(field(r.body(), "id"));
      } else {
        refused++;
      }
    }
    // each accepted check must become final: the agent answered or the deadline closed it
    Instant until = Instant.now().plusMillis(timeoutMs + 15_000L);
    long finals = 0;
    for (String id : ids) {
      while (Instant.now().isBefore(until) && !isFinal(id)) {
        pause(500);
      }
      finals += isFinal(id) ? 1 : 0;
    }
    return new long[] {n, refused + finals};
  }

  long[] inventedKeys(String source) throws Exception {
    long refused = 0;
    String target = honestTarget() + "?k=";
    for (int i = 0; i < 1000; i++) {
      Response r = request(source, "POST", "/api/v1/checks", Map.of("X-API-Key", UUID.randomUUID().toString()),
          "{\"target\":\"" + target + i + "\"}");
      if (r.status() != 202 && r.status() != 200) {
        refused++;
      }
    }
    return new long[] {1000, refused};
  }

  long[] watches(String source) throws Exception {
    ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.2.9"));
    int deadPort = closed.getLocalPort();
    closed.close();
    Response check = request(source, "POST", "/api/v1/checks", Map.of(),
        "{\"target\":\"tcp://127.0.2.9:" + deadPort + "\",\"timeoutMs\":2000}");
    String id = field(check.body(), "id");
    Instant until = Instant.now().plusSeconds(15);
    while (Instant.now().isBefore(until) && !isFinal(id)) {
      pause(300);
    }
    long refused = 0;
    for (int i = 0; i < 1000; i++) {
      Response r = request(source, "POST", "/api/v1/checks/" + id + "/watch", Map.of(), "{}");
      if (r.status() != 201) {
        refused++;
      }
    }
    return new long[] {1000, refused};
  }

  long[] slowloris(String source) throws Exception {
    List<Socket> held = new ArrayList<>();
    long refused = 0;
    for (int i = 0; i < 2000; i++) {
      try {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(source, 0));
        s.connect(new InetSocketAddress("127.0.0.1", api), 2000);
        s.getOutputStream().write("GET /api/v1/regions HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        held.add(s);
      } catch (IOException e) {
        refused++;
      }
    }
    pause(SETTLE.toMillis() * 4);
    // a connection the coordinator closed reads end of stream (or a reset); one it still holds times out
    for (Socket s : held) {
      try {
        s.setSoTimeout(50);
        int b = s.getInputStream().read();
        refused += 1;
      } catch (SocketTimeoutException stillOpen) {
        // held
      } catch (IOException reset) {
        refused++;
      }
      s.close();
    }
    return new long[] {2000, refused};
  }

  long[] unreadStreams(String source) throws Exception {
    List<Socket> held = new ArrayList<>();
    long refused = 0;
    for (int i = 0; i < 300; i++) {
      try {
        Socket s = new Socket();
        s.setReceiveBufferSize(1024);
        s.bind(new InetSocketAddress(source, 0));
        s.connect(new InetSocketAddress("127.0.0.1", api), 2000);
        s.getOutputStream().write("GET /api/v1/stream HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        held.add(s);
        // the status line only (a stream admitted starts 200; a refused one is a 429 or 503), then never a byte more
        s.setSoTimeout(2000);
        byte[] status = s.getInputStream().readNBytes(12);
        if (status.length < 12 || status[9] != '2') {
          refused++;
        }
      } catch (IOException e) {
        refused++;
      }
    }
    // verdicts for every stream to carry: fresh checks of the honest target, from another source
    // (five sources, so that no per-client budget stops them), each request on its own connection
    long unanswered = 0;
    for (int i = 0; i < 300; i++) {
      try {
        request("127.0.4." + (1 + i % 5), "POST", "/api/v1/checks", Map.of(),
            "{\"target\":\"" + honestTarget() + "?s=" + UUID.randomUUID() + "\",\"fresh\":true}");
      } catch (IOException e) {
        unanswered++;
      }
    }
    if (unanswered > 0) {
      System.err.println("unread-streams: " + unanswered + " of 300 submits got no answer within 15 s");
    }
    pause(SETTLE.toMillis());
    for (Socket s : held) {
      s.close();
    }
    return new long[] {300 + 300, refused};
  }

  long[] webhook(String source, String receiver) throws Exception {
    ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.2.8"));
    int deadPort = closed.getLocalPort();
    closed.close();
    long refused = 0;
    for (int i = 0; i < 5; i++) {
      Response r = request(source, "POST", "/api/v1/monitors", Map.of(),
          "{\"target\":\"tcp://127.0.2.8:" + deadPort + "\",\"timeoutMs\":2000,\"intervalSeconds\":5,\"confirmations\":1,"
              + "\"name\":\"abuse " + i + "\",\"notify\":[{\"type\":\"webhook\",\"url\":\"" + receiver + "/" + i + "\"}]}");
      if (r.status() != 201) {
        refused++;
      }
    }
    pause(SETTLE.toMillis() * 3);
    return new long[] {5, refused};
  }

  // ---------------------------------------------------------------------- hostile servers

  String stallAfterBody() throws IOException {
    byte[] part = new byte[1024 * 1024 - 1];
    java.util.Arrays.fill(part, (byte) 'y');
    return serve("127.0.2.1", false, (in, out) -> {
      out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2097152\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(part);
      out.flush();
      pause(40_000);
    });
  }

  String aaaBody() throws IOException {
    byte[] body = new byte[1024 * 1024];
    java.util.Arrays.fill(body, (byte) 'a');
    return serve("127.0.2.2", false, (in, out) -> {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
    });
  }

  String endlessChunked() throws IOException {
    byte[] chunk = ("4000\r\n" + "y".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    return serve("127.0.2.3", false, (in, out) -> {
      out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      while (true) {
        out.write(chunk);
      }
    });
  }

  String drip() throws IOException {
    byte[] answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
    return serve("127.0.2.4", false, (in, out) -> {
      for (byte b : answer) {
        out.write(b);
        out.flush();
        pause(1000);
      }
    });
  }

  String bigHeaders() throws IOException {
    StringBuilder headers = new StringBuilder("HTTP/1.1 200 OK\r\n");
    for (int i = 0; headers.length() < 64 * 1024; i++) {
      headers.append("X-Pad-").append(i).append(": ").append("p".repeat(100)).append("\r\n");
    }
    byte[] answer = headers.append("Content-Length: 2\r\n\r\nok").toString().getBytes(StandardCharsets.US_ASCII);
    return serve("127.0.2.5", false, (in, out) -> out.write(answer));
  }

  String redirects() throws IOException {
    AtomicLong n = new AtomicLong();
    String[] self = new String[1];
    self[0] = serve("127.0.2.6", false, (in, out) -> out.write(("HTTP/1.1 302 Found\r\nLocation: " + self[0] + "r" + n.incrementAndGet()
        + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
    return self[0];
  }

  String tlsStall() throws IOException {
    return serve("127.0.2.7", true, (in, out) -> pause(40_000));
  }

  String endlessWebhook() throws IOException {
    byte[] chunk = ("4000\r\n" + "w".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    String url = serve("127.0.2.10", false, (in, out) -> {
      out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      while (true) {
        out.write(chunk);
      }
    });
    return url.substring(0, url.length() - 1);
  }

  interface Conversation {
    void talk(InputStream in, OutputStream out) throws Exception;
  }

  /** A server on {@code address}: reads a request head (unless {@code tls}), then talks. */
  String serve(String address, boolean tls, Conversation conversation) throws IOException {
    ServerSocket server = new ServerSocket(0, 512, InetAddress.getByName(address));
    servers.add(server);
    pool.submit(() -> {
      while (!server.isClosed()) {
        Socket s;
        try {
          s = server.accept();
        } catch (IOException e) {
          return;
        }
        pool.submit(() -> {
          try (s) {
            InputStream in = s.getInputStream();
            if (!tls) {
              readHead(in);
            }
            conversation.talk(in, s.getOutputStream());
          } catch (Exception e) {
            // the prober hung up: that is what a bounded prober does
          }
        });
      }
    });
    return (tls ? "https" : "http") + "://" + address + ":" + server.getLocalPort() + "/";
  }

  void closeServers() {
    synchronized (servers) {
      for (ServerSocket s : servers) {
        try {
          s.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
      servers.clear();
    }
  }

  // ------------------------------------------------------------------------ honest client

  String honestTarget;

  synchronized String honestTarget() throws IOException {
    if (honestTarget == null) {
      honestTarget = serve("127.0.0.4", false, (in, out) -> out.write(
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
              .getBytes(StandardCharsets.US_ASCII)));
      servers.remove(servers.size() - 1); // it outlives each attack's servers
    }
    return honestTarget;
  }

  /** One ordinary check every 1.2 s (50 a minute, under the per-client 60), from its own address; remembers each id. */
  final class Honest {
    final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean running = new AtomicBoolean(true);

    void start() throws IOException {
      String target = honestTarget();
      pool.submit(() -> {
        while (running.get()) {
          try {
            Response r = request(HONEST_SOURCE, "POST", "/api/v1/checks", Map.of(),
                "{\"target\":\"" + target + "?h=" + UUID.randomUUID() + "\",\"timeoutMs\":5000}");
            sent.add(r.status() == 202 || r.status() == 200 ? field(r.body(), "id") : "refused " + r.status());
          } catch (IOException e) {
            sent.add("failed " + e.getMessage());
          }
          pause(1200);
        }
      });
    }

    /** Of the checks sent in [from, to): how many are final, and how many of those are UP. */
    int[] finals(int from, int to) {
      int fin = 0;
      int up = 0;
      for (String id : List.copyOf(sent.subList(from, to))) {
        if (id.startsWith("refused") || id.startsWith("failed")) {
          continue;
        }
        try {
          Response r = request(HONEST_SOURCE, "GET", "/api/v1/checks/" + id, Map.of(), null);
          if (r.body().contains("\"final\":true")) {
            fin++;
            if (r.body().contains("\"verdict\":\"UP\"")) {
              up++;
            }
          }
        } catch (IOException e) {
          // not final as far as anyone can tell
        }
      }
      return new int[] {fin, up};
    }

    void stop() {
      running.set(false);
    }
  }

  boolean isFinal(String id) {
    try {
      return request(HONEST_SOURCE, "GET", "/api/v1/checks/" + id, Map.of(), null).body().contains("\"final\":true");
    } catch (IOException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------------ plain HTTP/1.1

  record Response(int status, String body) {}

  /** One request on its own connection from {@code source}; the answer's status and (bounded) body. */
  Response request(String source, String method, String path, Map<String, String> headers, String body) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(source, 0));
      s.connect(new InetSocketAddress("127.0.0.1", api), 5000);
      s.setSoTimeout(15_000);
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      if (body != null) {
        head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
      }
      OutputStream out = s.getOutputStream();
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.write(content);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) > 0 && all.size() < 1 << 20; ) {
        all.write(buf, 0, n);
      }
      String text = all.toString(StandardCharsets.UTF_8);
      int status = text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : 0;
      int split = text.indexOf("\r\n\r\n");
      return new Response(status, split < 0 ? "" : text.substring(split + 4));
    }
  }

  static void readHead(InputStream in) throws IOException {
    int matched = 0;
    for (int b; matched < 4 && (b = in.read()) >= 0; ) {
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    return m.find() ? m.group(1) : "none";
  }

  // ---------------------------------------------------------------------- process figures

  static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
