package downcheck.coordinator.store;

import com.hazelcast.map.EntryProcessor;
import java.io.Serial;
import java.io.Serializable;
import java.util.Map;

/**
 * A change of one entry that runs on the owner of its key, atomically, so that no two
 * coordinators' changes of it interleave. An absent entry (an unknown or expired key: a late or
 * stray message) stays absent. Succeeds with the new value, or null when nothing changed:
 * {@link #apply} gave null, or a value equal to the current one (the same object, for a value
 * that does not define equality).
 *
 * @param <V> the map's value
 */
public abstract class KeyUpdate<V> implements EntryProcessor<String, V, V>, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  /** The entry's next value, or null (or {@code current} itself) to leave it as it is. */
  protected abstract V apply(V current);

  @Override
  public final V process(Map.Entry<String, V> entry) {
    V current = entry.getValue();
    if (current == null) {
      return null;
    }
    V next = apply(current);
    if (next == null || next.equals(current)) {
      return null;
    }
    entry.setValue(next);
    return next;
  }
}
