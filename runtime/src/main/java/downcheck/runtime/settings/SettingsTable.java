package downcheck.runtime.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The settings tables of {@code docs/operations.md}, generated from the same declarations as the
 * usage text. Each group of flags (a command's own, or a shared group such as {@code kafka})
 * sits between {@code <!-- settings:NAME -->} and {@code <!-- /settings:NAME -->}; each
 * executable's tests check that the page says what the code declares.
 */
public final class SettingsTable {
  /** Set to true ({@code -Ddowncheck.docs.write=true}) to rewrite the page instead of failing. */
  public static final String WRITE_PROPERTY = "downcheck.docs.write";

  private SettingsTable() {}

  /** The groups of a command: its own flags under its name, each mixed-in group under the group's name. */
  public static Map<String, String> tables(CommandLine cl) {
    CommandSpec spec = cl.getCommandSpec();
    Map<String, String> tables = new LinkedHashMap<>();
    Set<OptionSpec> mixedIn = new HashSet<>();
    spec.mixins().forEach((name, mixin) -> {
      mixedIn.addAll(mixin.options());
      List<OptionSpec> settings = settingsOnly(mixin.options());
      if (!settings.isEmpty()) {
        tables.put(groupName(mixin), table(settings, mixin.userObject() instanceof KafkaOptions));
      }
    });
    List<OptionSpec> own = settingsOnly(spec.options().stream().filter(o -> !mixedIn.contains(o)).toList());
    if (!own.isEmpty()) {
      tables.put(cl.getCommandName(), table(own, false));
    }
    return tables;
  }

  /** Without --help and --version, which are no settings. */
  private static List<OptionSpec> settingsOnly(List<OptionSpec> options) {
    return options.stream().filter(o -> !o.usageHelp() && !o.versionHelp()).toList();
  }

  /**
   * Checks the page against the command's declarations: null when they agree, else what is
   * wrong. With {@link #WRITE_PROPERTY} set, rewrites the page's sections instead.
   */
  public static String check(Path page, CommandLine cl) {
    try {
      String doc = Files.readString(page);
      String updated = doc;
      for (Map.Entry<String, String> t : tables(cl).entrySet()) {
        updated = replaceSection(updated, t.getKey(), t.getValue());
      }
      if (updated.equals(doc)) {
        return null;
      }
      if (Boolean.getBoolean(WRITE_PROPERTY)) {
        Files.writeString(page, updated);
        return null;
      }
      return page + " does not match the flags of " + cl.getCommandName()
          + "; run the tests with -D" + WRITE_PROPERTY + "=true to regenerate it, then read the diff";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String replaceSection(String doc, String name, String table) {
    String open = "<!-- settings:" + name + " -->";
    String close = "<!-- /settings:" + name + " -->";
    int start = doc.indexOf(open);
    int end = doc.indexOf(close);
    if (start < 0 || end < start) {
      return doc + "\n" + open + "\n" + table + close + "\n";
    }
    return doc.substring(0, start + open.length()) + "\n" + table + doc.substring(end);
  }

  static String table(List<OptionSpec> options, boolean kafkaPassThrough) {
    StringBuilder sb = new StringBuilder("| flag | environment | default | meaning |\n| --- | --- | --- | --- |\n");
    for (OptionSpec o : options) {
      String list = o.splitRegex().isEmpty() ? "" : "[,...]";
      String value = o.arity().max() == 0 ? "" : " " + o.paramLabel() + list;
      sb.append("| `").append(o.longestName()).append(value).append("` | `").append(EnvDefaults.variable(o))
          .append("` | ").append(o.defaultValue() == null ? "" : "`" + o.defaultValue() + "`")
          .append(" | ").append(cell(String.join(" ", o.description()))).append(" |\n");
    }
    if (kafkaPassThrough) {
      sb.append("| `--kafka.<key>=<value>` | `DOWNCHECK_KAFKA_<KEY>` (dots as underscores) | | ")
          .append("Any Kafka client setting, passed to every client: TLS, SASL, timeouts. |\n");
    }
    return sb.toString();
  }

  private static String groupName(CommandSpec mixin) {
    return mixin.userObject().getClass().getSimpleName().replaceFirst("Options$", "").toLowerCase(Locale.ROOT);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
