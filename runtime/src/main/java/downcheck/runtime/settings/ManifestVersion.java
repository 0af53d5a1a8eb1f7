package downcheck.runtime.settings;

import picocli.CommandLine.IVersionProvider;

/** The build version, from the jar's manifest; "dev" when run from classes. */
public final class ManifestVersion implements IVersionProvider {
  public static String current() {
    String v = ManifestVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"downcheck " + current()};
  }
}
