package downcheck.cli;

import downcheck.cli.CoordinatorClient.Fetched;
import downcheck.model.check.ClientView;
import downcheck.model.wire.Codec;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code downcheck check TARGET}: asks the network, and says what this machine sees too, so
 * the answer can be "it's just you". Prints each region's result as it arrives, then the
 * verdict; or with {@code --json} only the final check. The exit code says the verdict
 * ({@link Ending}); whatever goes wrong is one or two plain lines on stderr.
 */
@Command(name = "downcheck check", mixinStandardHelpOptions = true, versionProvider = CheckCommand.Version.class,
    sortOptions = false, usageHelpAutoWidth = true,
    description = {"Is TARGET down for everyone, or just me? Asks a downcheck coordinator to probe TARGET from every"
        + " region, tries it from this machine too, and prints each region's answer, then the verdict.",
        "Every option may also come from the environment as DOWNCHECK_<OPTION> (DOWNCHECK_SERVER, DOWNCHECK_TIMEOUT_MS, ...)."},
    exitCodeListHeading = "%nExit codes:%n")
public final class CheckCommand implements Callable<Integer> {
  /** Past the probes' timeout: the local try, the coordinator's grace for late results, and the round trips. */
  static final int MARGIN_SECONDS = 15;
  static final Duration MARGIN = Duration.ofSeconds(MARGIN_SECONDS);
  /** The local try never holds the check up longer than this. */
  private static final Duration LOCAL_BUDGET = Duration.ofSeconds(5);

  @Parameters(paramLabel = "TARGET",
      description = {"a host (= https) or URL: https://..., http://...,", "tcp://host:port, dns://host, ping://host,",
          "trace://host[:port]"})
  String target;

  @Option(names = "--server", paramLabel = "URL", defaultValue = "${DOWNCHECK_SERVER:-http://localhost:8080}",
      description = "coordinator to ask (default: ${DEFAULT-VALUE})")
  String server;

  @Option(names = "--regions", paramLabel = "REGION", split = ",", defaultValue = "${DOWNCHECK_REGIONS}",
      description = "ask only these regions (default: every live region)")
  List<String> regions;

  @Option(names = "--timeout-ms", paramLabel = "N", defaultValue = "${DOWNCHECK_TIMEOUT_MS:-10000}",
      description = "each probe's timeout, 100..30000 (default: ${DEFAULT-VALUE}); the command gives up "
          + MARGIN_SECONDS + " s after it")
  int timeoutMs;

  // arity 0..1: a bare flag means true even when the environment made it true already (picocli would toggle it)
  @Option(names = "--no-local", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      defaultValue = "${DOWNCHECK_NO_LOCAL:-false}",
      description = "do not try TARGET from this machine (then the answer cannot be \"it's just you\")")
  boolean noLocal;

  @Option(names = "--json", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      defaultValue = "${DOWNCHECK_JSON:-false}",
      description = "print only the final check, as the coordinator's JSON, on stdout")
  boolean json;

  @Option(names = "--watch", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
      defaultValue = "${DOWNCHECK_WATCH:-false}",
      description = "after an outage, wait until the network sees TARGET up again (up to 24 h), say so and exit 0")
  boolean watch;

  @Option(names = "-4", description = "probe over IPv4 only (default: either family, as a browser does)")
  boolean ipv4;

  @Option(names = "-6", description = "probe over IPv6 only (default: either family, as a browser does)")
  boolean ipv6;

  /** -X, -H, -d and the expectations of an http check (docs/api.md, "Shaped requests"). */
  @Mixin
  RequestOptions shape = new RequestOptions();

  @Mixin
  DnsFlags dns = new DnsFlags();
  @Option(names = "--count", paramLabel = "N", defaultValue = "${DOWNCHECK_COUNT}",
      description = "ping:// only: echo requests per agent, 1..10 (default: 3)")
  Integer count;

  @Option(names = "--protocol", paramLabel = "icmp|tcp", defaultValue = "${DOWNCHECK_PROTOCOL}",
      description = "trace:// only: how to trace (default: tcp when the target names a port, else icmp)")
  String protocol;

  @Option(names = "--max-hops", paramLabel = "N", defaultValue = "${DOWNCHECK_MAX_HOPS}",
      description = "trace:// only: hops at most, 1..30 (default: 30)")
  Integer maxHops;

  @Spec
  CommandSpec spec;

  private final Duration margin;

  public CheckCommand() {
    this(MARGIN);
  }

  /** For tests of the deadline, which should not wait 15 s. */
  CheckCommand(Duration margin) {
    this.margin = margin;
  }

  public static void main(String[] args) {
    System.exit(commandLine(new CheckCommand()).execute(args));
  }

  /** The command as picocli runs it: usage errors and surprises become one line, never a stack trace. */
  static CommandLine commandLine(CheckCommand command) {
    CommandLine cl = new CommandLine(command);
    cl.setExpandAtFiles(false); // -d @FILE is curl's body from a file, not picocli's arguments file
    cl.getCommandSpec().usageMessage().exitCodeList(Ending.HELP);
    cl.setParameterExceptionHandler((e, args) -> {
      String message = e.getMessage() == null ? "bad usage" : String.join("; ", e.getMessage().strip().split("\\R+"));
      e.getCommandLine().getErr().println("downcheck: " + message + " (see --help)");
      e.getCommandLine().getErr().flush();
      return Ending.BAD_USAGE.exitCode();
    });
    cl.setExecutionExceptionHandler((e, c, parsed) -> unexpected(c.getErr(), e));
    return cl;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (timeoutMs < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout-ms: must be a positive number of milliseconds, got "
          + timeoutMs);
    }
    if (ipv4 && ipv6) {
      throw new ParameterException(spec.commandLine(), "-4 and -6: choose one family, or neither for either");
    }
    shape.addTo(new LinkedHashMap<>()); // a malformed -H, -d @FILE, --expect-*: bad usage before anything is asked
    CoordinatorClient client = new CoordinatorClient(serverUrl());
    AtomicReference<String> checkId = new AtomicReference<>();
    Duration budget = Duration.ofMillis(timeoutMs).plus(margin);
    // the check runs on its own thread so that one deadline bounds all of it, the event stream included
    ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "downcheck-check");
      t.setDaemon(true);
      return t;
    });
    Future<Ending> run = worker.submit(() -> run(client, checkId));
    try {
      Ending ending = run.get(budget.toMillis(), TimeUnit.MILLISECONDS);
      // the wait for "back" is the user's to end (Ctrl-C), not the check's deadline
      return watch && (ending == Ending.GLOBAL_OUTAGE || ending == Ending.REGIONAL_OUTAGE) ? new Watch(client.server()).until(checkId.get(),
          spec.commandLine().getOut(), json).exitCode() : ending.exitCode();
    } catch (Failure f) {
      return fail(err, f);
    } catch (TimeoutException e) {
      run.cancel(true);
      String waited = "within " + seconds(budget) + " s (--timeout-ms " + timeoutMs + " plus " + seconds(margin) + " s)";
      return fail(err, new Failure(Ending.NO_VERDICT, checkId.get() == null
          ? "downcheck: " + client.server() + " did not take the check " + waited
          : "downcheck: no final verdict " + waited + "; it may still come at " + client.pageOf(checkId.get())));
    } catch (ExecutionException e) {
      return e.getCause() instanceof Failure f ? fail(err, f) : unexpected(err, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(err, new Failure(Ending.NO_VERDICT, "downcheck: interrupted"));
    } finally {
      worker.shutdownNow();
    }
  }

  private Ending run(CoordinatorClient client, AtomicReference<String> checkId) throws Failure, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Output output = json ? Output.json(out) : new HumanOutput(out);
    Fetched accepted = client.submit(Codec.toJson(request()));
    String id = accepted.view().id();
    checkId.set(id);
    output.accepted(accepted.view());
    // a coalesced check may be final already: then there is nothing to follow
    Fetched fin = accepted.view().isFinal() ? accepted : client.follow(id, output::result, output::check);
    if (fin == null) {
      fin = client.get(id);
    }
    if (!fin.view().isFinal() || fin.view().verdict() == null) {
      throw new Failure(Ending.NO_VERDICT, "downcheck: check " + id + " has no final verdict yet; see "
          + client.pageOf(id));
    }
    output.verdict(fin);
    return Ending.of(fin.view().verdict());
  }

  /** The POST body: the target and the options, plus this machine's own view of the target. */
  Map<String, Object> request() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("target", target);
    List<String> wanted = regions == null ? List.of()
        : regions.stream().map(String::strip).filter(r -> !r.isEmpty()).toList();
    if (!wanted.isEmpty()) {
      body.put("regions", wanted);
    }
    body.put("timeoutMs", timeoutMs);
    if (ipv4 || ipv6) {
      body.put("ipVersion", ipv4 ? 4 : 6);
    }
    shape.addTo(body);
    dns.addTo(body);
    // the coordinator judges these and names a bad one (ping.count, trace.protocol, ...)
    if (count != null) {
      body.put("ping", Map.of("count", count));
    }
    if (protocol != null || maxHops != null) {
      Map<String, Object> trace = new LinkedHashMap<>();
      if (protocol != null) {
        trace.put("protocol", protocol);
      }
      if (maxHops != null) {
        trace.put("maxHops", maxHops);
      }
      body.put("trace", trace);
    }
    if (!noLocal && !dns.given()) { // this machine tries the plain lookup only, not another record question
      ClientView local = LocalView.of(target, LOCAL_BUDGET.compareTo(Duration.ofMillis(timeoutMs)) < 0
          ? LOCAL_BUDGET : Duration.ofMillis(timeoutMs));
      if (local != null) {
        body.put("client", local);
      }
    }
    return body;
  }

  private String serverUrl() {
    String url = server.strip().replaceAll("/+$", "");
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return url;
      }
    } catch (URISyntaxException e) {
      // said below, with the value
    }
    throw new ParameterException(spec.commandLine(), "--server: '" + server
        + "' is not an http(s) URL such as http://localhost:8080");
  }

  private static long seconds(Duration d) {
    return (d.toMillis() + 999) / 1000;
  }

  private static int fail(PrintWriter err, Failure f) {
    err.println(f.getMessage());
    err.flush();
    return f.ending().exitCode();
  }

  /** A bug, still said in one line: the user can do nothing with a stack trace. */
  private static int unexpected(PrintWriter err, Throwable e) {
    String what = e.getClass().getSimpleName();
    String reason = Failure.reason(e);
    return fail(err, new Failure(Ending.CLI_ERROR, "downcheck: unexpected error, please report it: "
        + (reason.equals(what) ? what : what + ": " + reason)));
  }

  /** The version of the packaged jar (its manifest), so a bug report can say which build it was. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = CheckCommand.class.getPackage().getImplementationVersion();
      return new String[] {"downcheck " + (version == null ? "(unpackaged build)" : version)};
    }
  }
}
