package downcheck.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * The images the container tests run: built once per test JVM by deploy/build-images.sh, as an
 * operator builds them (a no-op rebuild when nothing changed). Without a Docker engine the
 * tests fail, saying so; outside CI they may be skipped on purpose with
 * {@code -Ddowncheck.containers=skip}.
 */
final class DockerImages {
  static final DockerImageName COORDINATOR = DockerImageName.parse("downcheck/coordinator:latest");
  static final DockerImageName AGENT = DockerImageName.parse("downcheck/agent:latest");
  static final DockerImageName KAFKA = DockerImageName.parse("downcheck/kafka:4.2.0");

  private static boolean built;

  private DockerImages() {}

  static synchronized void build() throws Exception {
    requireDocker();
    if (built) {
      return;
    }
    Path log = Path.of("target", "build-images.log");
    long started = System.nanoTime();
    Process p = new ProcessBuilder("bash", new File(repo(), "deploy/build-images.sh").getPath())
        .directory(repo()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = p.waitFor(15, TimeUnit.MINUTES);
    if (!done) {
      p.destroyForcibly();
    }
    assertThat(done && p.exitValue() == 0).as("deploy/build-images.sh failed; its output:%n%s", Files.readString(log))
        .isTrue();
    System.out.printf("images built in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    built = true;
  }

  static File repo() {
    String repo = System.getProperty("downcheck.repo");
    if (repo == null || !new File(repo, "docker-compose.yml").isFile()) {
      throw new AssertionError("downcheck.repo is not the repository's root: " + repo);
    }
    return new File(repo);
  }

  private static void requireDocker() {
    if (DockerClientFactory.instance().isDockerAvailable()) {
      return;
    }
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (!ci && "skip".equals(System.getProperty("downcheck.containers"))) {
      Assumptions.abort("no Docker engine, and -Ddowncheck.containers=skip");
    }
    throw new AssertionError("the container tests need a Docker engine and none answers"
        + (ci ? " (CI=true: never skipped)" : "; start dockerd, or skip them with -Ddowncheck.containers=skip"));
  }
}
