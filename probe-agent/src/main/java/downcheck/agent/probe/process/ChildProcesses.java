package downcheck.agent.probe.process;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The system's {@code ping} and {@code mtr} run as child processes, bounded: at most
 * {@code maxAtOnce} at once for the whole agent (past it a run fails at once with
 * {@link BusyException}, nothing queues), each on a worker thread of its own pool (never an event
 * loop), its output read up to {@code outputCapBytes} (past it the process is killed), and killed
 * with its children at its deadline. The command gets a minimal environment (PATH, the C locale
 * whose output the probes parse) and no input. docs/probes.md, "Ping and trace".
 */
public final class ChildProcesses {
  /** What a probe's process may print; a 30-hop mtr report is under 10 KiB. */
  public static final int DEFAULT_OUTPUT_CAP = 64 * 1024;
  /** The default of --max-probe-processes. */
  public static final int DEFAULT_MAX_AT_ONCE = 4;
  private static final int ERROR_CAP = 2048;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final Vertx vertx;
  private final Semaphore slots;
  private final int maxAtOnce;
  private final int outputCapBytes;
  private final WorkerExecutor workers;

  public ChildProcesses(Vertx vertx, int maxAtOnce, int outputCapBytes) {
    if (maxAtOnce <= 0) {
      throw new IllegalArgumentException("--max-probe-processes: " + maxAtOnce + " must be above 0");
    }
    this.vertx = vertx;
    this.maxAtOnce = maxAtOnce;
    this.slots = new Semaphore(maxAtOnce);
    this.outputCapBytes = outputCapBytes;
    // as many workers as slots: a run never waits for a thread, and the pool is its own
    this.workers = vertx.createSharedWorkerExecutor("downcheck-probe-processes-" + POOLS.incrementAndGet(),
        maxAtOnce, 5, TimeUnit.MINUTES);
  }

  /** Runs {@code command} (the program and its arguments, nothing a shell reads) for at most {@code timeoutMs}. */
  public Future<Exit> run(List<String> command, long timeoutMs) {
    if (!slots.tryAcquire()) {
      return Future.failedFuture(new BusyException(maxAtOnce));
    }
    Future<Exit> done;
    try {
      done = workers.executeBlocking(() -> runBlocking(command, Math.max(1, timeoutMs)), false);
    } catch (RuntimeException e) {
      slots.release();
      return Future.failedFuture(e);
    }
    return done.onComplete(ar -> slots.release());
  }

  /** Runs in flight now (metrics, tests). */
  public int running() {
    return maxAtOnce - slots.availablePermits();
  }

  private Exit runBlocking(List<String> command, long timeoutMs) throws IOException, InterruptedException {
    long started = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.put("LC_ALL", "C");
    Process process = builder.start();
    process.getOutputStream().close();
    AtomicBoolean killed = new AtomicBoolean();
    long timer = vertx.setTimer(timeoutMs, id -> {
      killed.set(true);
      kill(process);
    });
    try {
      Read out = read(process.getInputStream(), outputCapBytes);
      if (out.truncated()) {
        kill(process);
      }
      Read err = read(process.getErrorStream(), ERROR_CAP);
      long left = timeoutMs - (System.nanoTime() - started) / 1_000_000;
      if (!process.waitFor(Math.max(1, left), TimeUnit.MILLISECONDS)) {
        killed.set(true);
        kill(process);
        process.waitFor();
      }
      return new Exit(process.exitValue(), out.text(), err.text(), killed.get(), out.truncated());
    } finally {
      vertx.cancelTimer(timer);
      kill(process);
    }
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /**
   * Reads to the end or past {@code cap} bytes, whichever is first. A stream the JDK closes under
   * us once the process is killed ends the read with what came before.
   */
  private static Read read(InputStream in, int cap) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[Math.min(cap + 1, 8192)];
    try {
      int n;
      while (out.size() <= cap && (n = in.read(buffer, 0, Math.min(buffer.length, cap + 1 - out.size()))) != -1) {
        out.write(buffer, 0, n);
      }
    } catch (IOException closed) {
      // killed: what was read is all there is
    }
    byte[] bytes = out.toByteArray();
    boolean truncated = bytes.length > cap;
    return new Read(new String(bytes, 0, Math.min(bytes.length, cap), StandardCharsets.UTF_8), truncated);
  }

  private record Read(String text, boolean truncated) {}

  /**
   * How a process ended.
   *
   * @param killedAtDeadline it was still running at its deadline and was killed
   * @param truncated        it printed more than the cap and was killed
   */
  public record Exit(int code, String stdout, String stderr, boolean killedAtDeadline, boolean truncated) {}

  /** Every slot is taken: the probe answers ERROR "busy" instead of waiting. */
  public static final class BusyException extends RuntimeException {
    public BusyException(int maxAtOnce) {
      super("busy: this agent already runs " + maxAtOnce + " ping or trace processes (--max-probe-processes)");
    }
  }
}
