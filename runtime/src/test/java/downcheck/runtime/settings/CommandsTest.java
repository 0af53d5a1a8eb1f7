package downcheck.runtime.settings;

import static org.assertj.core.api.Assertions.assertThat;

import downcheck.runtime.KafkaSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class CommandsTest {
  @Command(name = "downcheck probe", mixinStandardHelpOptions = true, footer = Commands.FOOTER)
  static final class Probe implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--http-port", defaultValue = "8080", description = "The port.")
    int httpPort;

    @Option(names = "--allow-private-targets", description = "Lift the guard.")
    boolean allowPrivate;

    @Option(names = "--regions", split = ",", defaultValue = "a,b", description = "Regions.")
    List<String> regions;

    KafkaSettings settings;

    @Override
    public Integer call() {
      settings = kafka.settings();
      return 0;
    }
  }

  private final StringWriter err = new StringWriter();

  private int run(Probe probe, Map<String, String> env, String... args) {
    return Commands.execute(probe, args, env, new PrintWriter(err, true));
  }

  @Test
  void declaredDefaultsHoldWhenNothingElseIsGiven() {
    Probe p = Commands.parse(new Probe(), Map.of(), "--kafka", "k:9092");
    assertThat(p.httpPort).isEqualTo(8080);
    assertThat(p.allowPrivate).isFalse();
    assertThat(p.regions).containsExactly("a", "b");
  }

  @Test
  void theEnvironmentGivesEveryOptionAndTheCommandLineWins() {
    Map<String, String> env = Map.of("DOWNCHECK_HTTP_PORT", "9090", "DOWNCHECK_ALLOW_PRIVATE_TARGETS", "true",
        "DOWNCHECK_KAFKA", "env:9092", "DOWNCHECK_REGIONS", "x,y,z");
    Probe fromEnv = Commands.parse(new Probe(), env);
    assertThat(fromEnv.httpPort).isEqualTo(9090);
    assertThat(fromEnv.allowPrivate).isTrue();
    assertThat(fromEnv.regions).containsExactly("x", "y", "z");
    assertThat(fromEnv.kafka.bootstrap()).isEqualTo("env:9092");
    Probe flagWins = Commands.parse(new Probe(), env, "--http-port", "7070", "--kafka=flag:9092");
    assertThat(flagWins.httpPort).isEqualTo(7070);
    assertThat(flagWins.kafka.bootstrap()).isEqualTo("flag:9092");
  }

  @Test
  void kafkaClientSettingsPassThroughFromFlagsAndEnvironment() {
    Probe p = new Probe();
    int code = run(p, Map.of("DOWNCHECK_KAFKA_SASL_MECHANISM", "PLAIN", "DOWNCHECK_KAFKA_SECURITY_PROTOCOL", "SSL"),
        "--kafka", "k:9092", "--kafka.security.protocol=SASL_SSL", "--kafka.client.rack", "r1");
    assertThat(code).isZero();
    assertThat(p.settings.extra()).containsEntry("security.protocol", "SASL_SSL").containsEntry("client.rack", "r1");
    assertThat(p.settings.producer("x")).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN").containsEntry("client.rack", "r1");
  }

  @Test
  void aSaslLoginTakesItsPasswordFromAFileAndShowsItNowhere(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("password");
    Files.writeString(file, "s3cr\"et\n");
    Probe p = new Probe();
    int code = run(p, Map.of("DOWNCHECK_KAFKA_SASL_USERNAME", "downcheck-agent"), "--kafka", "k:9092",
        "--kafka-security-protocol", "SASL_SSL", "--kafka-sasl-password-file", file.toString());
    assertThat(code).as(err.toString()).isZero();
    Map<String, String> consumer = p.settings.consumer("x", null, "latest");
    assertThat(consumer).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"downcheck-agent\" password=\"s3cr\\\"et\";")
        .doesNotContainKey("sasl.username");
    assertThat(p.settings.extra()).isEmpty();
    assertThat(p.settings.toString()).contains("downcheck-agent").doesNotContain("s3cr");
  }

  @Test
  void aSaslLoginWithoutItsPasswordFileOrProtocolIsOneLineNamingTheFlag(@TempDir Path dir) {
    assertThat(run(new Probe(), Map.of(), "--kafka", "k:9092", "--kafka-security-protocol", "SASL_PLAINTEXT",
        "--kafka-sasl-username", "u")).isEqualTo(2);
    assertThat(err.toString()).contains("--kafka-sasl-password-file");
    assertThat(run(new Probe(), Map.of(), "--kafka", "k:9092", "--kafka-sasl-username", "u",
        "--kafka-sasl-password-file", dir.resolve("none").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("SASL_PLAINTEXT or SASL_SSL");
    assertThat(run(new Probe(), Map.of(), "--kafka", "k:9092", "--kafka-security-protocol", "SASL_SSL",
        "--kafka-sasl-username", "u", "--kafka-sasl-password-file", dir.resolve("none").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("none: no such file");
  }

  @Test
  void anUnknownFlagIsOneLineAndExitTwo() {
    int code = run(new Probe(), Map.of(), "--kafka", "k:9092", "--allow-private-target");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).startsWith("downcheck probe: Unknown option: '--allow-private-target'").contains("--help");
  }

  @Test
  void aBadValueNamesTheFlagAndTheValue() {
    int code = run(new Probe(), Map.of(), "--kafka", "k:9092", "--http-port", "eighty");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("--http-port").contains("'eighty'");
  }

  @Test
  void aBadValueFromTheEnvironmentIsCaughtToo() {
    assertThat(run(new Probe(), Map.of("DOWNCHECK_HTTP_PORT", "x"), "--kafka", "k:9092")).isEqualTo(2);
    assertThat(err.toString()).contains("--http-port").contains("'x'");
  }

  @Test
  void aMissingBootstrapNamesTheFlagAndItsVariable() {
    int code = run(new Probe(), Map.of());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("downcheck probe: --kafka is required (or DOWNCHECK_KAFKA): the Kafka bootstrap servers");
  }

  @Test
  void aKafkaClientFlagWithoutValueIsAUsageError() {
    assertThat(run(new Probe(), Map.of(), "--kafka", "k:9092", "--kafka.acks")).isEqualTo(2);
    assertThat(err.toString()).contains("--kafka.acks needs a value");
  }

  @Test
  void usageComesFromTheDeclarationsAndNamesTheEnvironment() {
    StringWriter out = new StringWriter();
    var cl = Commands.prepare(new Probe(), Map.of(), new PrintWriter(err, true));
    cl.setOut(new PrintWriter(out, true));
    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).contains("--http-port=<httpPort>", "The port.", "--kafka.<key>=<value>", "DOWNCHECK_AGENT_ID");
  }

  @Test
  void usageShowsEachDefaultAndTheOneTheEnvironmentSets() {
    StringWriter out = new StringWriter();
    var cl = Commands.prepare(new Probe(), Map.of("DOWNCHECK_REGIONS", "x,y"), new PrintWriter(err, true));
    cl.setOut(new PrintWriter(out, true));
    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).contains("Default: 8080", "Default: x,y").doesNotContain("Default: null");
  }
}
