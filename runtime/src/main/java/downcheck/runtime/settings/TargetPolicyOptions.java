package downcheck.runtime.settings;

import picocli.CommandLine.Option;

/**
 * The network's one policy of what it probes, declared once: the coordinator judges targets at
 * submit with it and the agents at probe time, so both must be told the same. {@code downcheck
 * dev} mixes it in once and hands it to both.
 */
public final class TargetPolicyOptions {
  @Option(names = "--allow-private-targets",
      description = "Check loopback, private and link-local addresses and names such as localhost (private "
          + "deployments, tests). Off by default: SSRF protection. Give it to the coordinators and the agents alike.")
  boolean allowPrivateTargets;

  public boolean allowPrivateTargets() {
    return allowPrivateTargets;
  }
}
