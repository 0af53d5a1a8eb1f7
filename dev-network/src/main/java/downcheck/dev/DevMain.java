package downcheck.dev;

import downcheck.runtime.Options;
import java.util.List;

/** {@code java -jar downcheck-dev.jar [...]}: the whole network in this process (see {@link DevNetwork}). */
public final class DevMain {
  private DevMain() {}

  public static void main(String[] args) {
    DevNetwork.run(Options.parse(args, System.getenv(), List.of("allow-private-targets", "help")));
  }
}
