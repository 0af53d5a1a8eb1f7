package downcheck.model.result;

import java.util.List;

/** The path a trace probe found, hop by hop, with whether the target itself answered. */
public record TracePath(String protocol, List<Hop> hops, boolean reached) {
  public TracePath {
    hops = hops == null ? List.of() : List.copyOf(hops);
  }
}
