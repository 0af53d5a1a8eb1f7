package downcheck.runtime.settings;

/** A setting that parsed but makes no sense (a missing required value, a bad combination): exit 2, one line. */
public final class SettingException extends RuntimeException {
  public SettingException(String message) {
    super(message);
  }
}
