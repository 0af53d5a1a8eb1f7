package downcheck.model.wire;

/** The schema version every message carries in its {@code schema} field. */
public final class Schema {
  public static final int VERSION = 1;

  private Schema() {}
}
