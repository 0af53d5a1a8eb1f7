package downcheck.runtime.settings;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option may come from the environment: {@code --agent-id} from {@code DOWNCHECK_AGENT_ID}.
 * The name is derived from the option's own, so no variable is declared twice; the command line
 * wins, then the environment, then the option's declared default.
 */
public final class EnvDefaults implements IDefaultValueProvider {
  public static final String PREFIX = "DOWNCHECK_";

  private final Map<String, String> env;

  public EnvDefaults(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** {@code --http-port} → {@code DOWNCHECK_HTTP_PORT}. */
  public static String variable(OptionSpec option) {
    return PREFIX + option.longestName().replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (arg instanceof OptionSpec option && !option.usageHelp() && !option.versionHelp()) {
      return env.get(variable(option)); // null: picocli falls back to the declared default
    }
    return null;
  }
}
