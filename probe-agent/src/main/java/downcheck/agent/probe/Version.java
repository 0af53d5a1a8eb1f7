package downcheck.agent.probe;

/** The build version, from the jar's manifest when there is one. */
public final class Version {
  private Version() {}

  public static String current() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
