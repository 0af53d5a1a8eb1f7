package downcheck.agent.resolve;

import java.net.UnknownHostException;

/**
 * A name did not resolve. {@code nxdomain} says the name does not exist (or has no address of
 * the wanted kind); otherwise the resolver failed (SERVFAIL, refused, no answer in time).
 */
public final class DnsLookupException extends UnknownHostException {
  private final boolean nxdomain;

  public DnsLookupException(String message, boolean nxdomain) {
    super(message);
    this.nxdomain = nxdomain;
  }

  public boolean nxdomain() {
    return nxdomain;
  }
}
