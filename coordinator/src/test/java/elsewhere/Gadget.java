package elsewhere;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Serializable class outside downcheck's packages, as a deserialisation gadget would be: its
 * {@code readObject} counts its runs, which is where a gadget chain would start its work.
 */
public final class Gadget implements Serializable {
  @Serial private static final long serialVersionUID = 1L;
  public static final AtomicInteger READS = new AtomicInteger();

  @Serial
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    READS.incrementAndGet();
  }
}
