package downcheck.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code kubectl kustomize}, when kubectl is installed: the real composition, no cluster needed. */
final class Kubectl {
  private static final boolean INSTALLED = probe();

  private Kubectl() {}

  static boolean installed() {
    return INSTALLED;
  }

  private static boolean probe() {
    try {
      Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static List<ObjectNode> kustomize(Path dir) {
    try {
      Path out = Files.createTempFile("kustomize", ".yaml");
      Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString())
          .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + err);
      }
      List<ObjectNode> docs = Kustomization.documents(out);
      Files.delete(out);
      return docs;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
