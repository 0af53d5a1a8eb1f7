package downcheck.runtime.settings;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs one executable's picocli command the way every downcheck process does: options from the
 * command line, then {@code DOWNCHECK_*} variables, then the declared defaults; {@code --kafka.<key>}
 * passed to the Kafka clients; a bad flag or value is one line and exit 2, never a stack trace.
 */
public final class Commands {
  public static final int USAGE = 2;
  public static final int FAILED = 1;
  /** The usage text's last lines, for every command that reads these settings. */
  public static final String FOOTER = "%n"
      + "  --kafka.<key>=<value>     Any other Kafka client setting (TLS, ...), e.g. --kafka.ssl.truststore.location=F.%n"
      + "Every option may also come from the environment: --agent-id as DOWNCHECK_AGENT_ID, --kafka.<key> as%n"
      + "DOWNCHECK_KAFKA_<KEY> (dots as underscores). The command line wins, then the environment, then the default.";
  private static final String KAFKA_FLAG = "--kafka.";
  private static final String KAFKA_ENV = EnvDefaults.PREFIX + "KAFKA_";

  private Commands() {}

  /** The command line, ready to run: defaults from {@code env}, errors as one line on {@code err}. */
  public static CommandLine prepare(Callable<Integer> command, Map<String, String> env, PrintWriter err) {
    CommandLine cl = new CommandLine(command);
    cl.setDefaultValueProvider(new EnvDefaults(env));
    cl.setOverwrittenOptionsAllowed(true); // a flag given twice: the last one wins, as in most tools
    cl.setErr(err);
    // --help shows each flag's default (from the environment when a DOWNCHECK_* variable sets it)
    cl.getCommandSpec().usageMessage().showDefaultValues(true);
    String name = cl.getCommandName();
    cl.setParameterExceptionHandler((ex, args) -> {
      ex.getCommandLine().getErr().println(name + ": " + ex.getMessage() + " (see --help)");
      return USAGE;
    });
    cl.setExecutionExceptionHandler((ex, line, parsed) -> {
      if (ex instanceof SettingException || ex instanceof IllegalArgumentException) {
        line.getErr().println(name + ": " + ex.getMessage());
        return USAGE;
      }
      // a port taken, a broker that would not start: one plain line, and a failed start
      line.getErr().println(name + " did not start: " + ex);
      return FAILED;
    });
    return cl;
  }

  /**
   * An executable's {@code main}: parses and runs with this process's environment, and exits
   * with the code when it is not 0. A command that started servers returns 0 and the process
   * lives on in their threads.
   */
  public static void main(Callable<Integer> command, String[] args) {
    int code = execute(command, args, System.getenv(), new PrintWriter(System.err, true));
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Parses and runs; returns the exit code. */
  public static int execute(Callable<Integer> command, String[] args, Map<String, String> env, PrintWriter err) {
    CommandLine cl = prepare(command, env, err);
    String[] rest;
    try {
      rest = takeKafkaClientSettings(cl, args, env);
    } catch (SettingException e) {
      err.println(cl.getCommandName() + ": " + e.getMessage() + " (see --help)");
      return USAGE;
    }
    return cl.execute(rest);
  }

  /** Parses into {@code command} without running it (tests, and commands that build on another's options). */
  public static <T extends Callable<Integer>> T parse(T command, Map<String, String> env, String... args) {
    CommandLine cl = prepare(command, env, new PrintWriter(System.err, true));
    cl.parseArgs(takeKafkaClientSettings(cl, args, env));
    return command;
  }

  /** Hands the Kafka client settings to the command's {@link KafkaOptions}; returns the other arguments. */
  private static String[] takeKafkaClientSettings(CommandLine cl, String[] args, Map<String, String> env) {
    List<String> rest = new ArrayList<>();
    // DOWNCHECK_KAFKA_SASL_USERNAME is the flag --kafka-sasl-username, not a client setting sasl.username
    Set<String> flagVariables = new HashSet<>();
    cl.getCommandSpec().options().forEach(o -> flagVariables.add(EnvDefaults.variable(o)));
    Map<String, String> kafka = kafkaClientSettings(args, env, flagVariables, rest);
    kafkaOptions(cl.getCommandSpec()).forEach(k -> k.addClientSettings(kafka));
    return rest.toArray(String[]::new);
  }

  /**
   * Takes {@code --kafka.<key>=<value>} and {@code --kafka.<key> <value>} out of {@code args}
   * (the others go to {@code rest}), after {@code DOWNCHECK_KAFKA_<KEY>} from the environment
   * (dots as underscores; not the variables of declared flags), so the command line wins.
   */
  static Map<String, String> kafkaClientSettings(String[] args, Map<String, String> env, Set<String> flagVariables,
      List<String> rest) {
    Map<String, String> settings = new LinkedHashMap<>();
    env.forEach((k, v) -> {
      if (k.startsWith(KAFKA_ENV) && k.length() > KAFKA_ENV.length() && !flagVariables.contains(k)) {
        settings.put(k.substring(KAFKA_ENV.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
      }
    });
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith(KAFKA_FLAG) || a.length() == KAFKA_FLAG.length()) {
        rest.add(a);
        continue;
      }
      String keyValue = a.substring(KAFKA_FLAG.length());
      int eq = keyValue.indexOf('=');
      if (eq > 0) {
        settings.put(keyValue.substring(0, eq), keyValue.substring(eq + 1));
      } else if (i + 1 < args.length) {
        settings.put(keyValue, args[++i]);
      } else {
        throw new SettingException("option " + a + " needs a value");
      }
    }
    return settings;
  }

  private static List<KafkaOptions> kafkaOptions(CommandSpec spec) {
    List<KafkaOptions> found = new ArrayList<>();
    spec.mixins().values().forEach(m -> {
      if (m.userObject() instanceof KafkaOptions k) {
        found.add(k);
      }
      found.addAll(kafkaOptions(m));
    });
    return found;
  }
}
