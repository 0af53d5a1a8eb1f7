package downcheck.coordinator.http;

import downcheck.coordinator.secrets.SecretsKey;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Who a request comes from (docs/security.md, Who may do what). With API keys on, a request
 * that presents one ({@code Authorization: Bearer KEY} or {@code X-API-Key: KEY}) is that key's
 * holder, and a request without a valid one is a 401; with keys off, a request is its client
 * address, whatever header it sends. Keys are held only as SHA-256 hashes: the presented key is
 * hashed and compared with every known hash in constant time, so neither which hash matched nor
 * how much of one did shows in the time taken. A key holder's owner tag, recorded on the
 * monitors they make, is an HMAC of the key under the coordinators' shared secret.
 */
public final class ApiKeys {
  /** The purpose of owner tags under the coordinators' shared secret. */
  static final String OWNER = "owner";
  private static final int TAG_BYTES = 16;

  private final List<byte[]> users;
  private final List<byte[]> admins;
  private final SecretsKey secrets;

  /**
   * @param plainKeys keys given as they are ({@code --api-keys}, for development and tests)
   * @param hashes    keys given as SHA-256 hashes ({@code --api-key-hashes-file}, {@code --admin-key-hashes-file})
   */
  public ApiKeys(Set<String> plainKeys, KeyHashes hashes, SecretsKey secrets) {
    List<byte[]> u = new ArrayList<>();
    plainKeys.forEach(k -> u.add(sha256(k)));
    hashes.users().forEach(h -> u.add(HexFormat.of().parseHex(h)));
    List<byte[]> a = new ArrayList<>();
    hashes.admins().forEach(h -> a.add(HexFormat.of().parseHex(h)));
    this.users = List.copyOf(u);
    this.admins = List.copyOf(a);
    this.secrets = secrets;
  }

  /** True when API keys are on: any key given, as it is or as a hash. */
  public boolean on() {
    return !users.isEmpty() || !admins.isEmpty();
  }

  /** The request's caller, or a 401 when keys are on and it presents no valid key; counts nothing. */
  public Caller caller(RoutingContext rc) {
    String address = clientOf(rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().host());
    if (!on()) {
      return new Caller("addr:" + address, tag("a-", "addr:" + address), null, false, true);
    }
    String key = presentedKey(rc);
    if (key == null) {
      throw new ProblemException(401, "Unauthorized", "an API key is required: Authorization: Bearer KEY", 0);
    }
    byte[] hash = sha256(key);
    boolean admin = matchesAny(hash, admins);
    if (!(matchesAny(hash, users) | admin)) {
      throw new ProblemException(401, "Unauthorized", "the API key is not valid", 0);
    }
    String owner = tag("o-", "key:" + key);
    return new Caller("key:" + owner, owner, legacyTag(hash), admin, false);
  }

  /**
   * The client an address is: an IPv4 address itself, an IPv6 address its /64, the block one
   * subscriber is commonly given, so that a host cannot become 2^64 clients by rotating addresses.
   */
  static String clientOf(String host) {
    if (host.indexOf(':') < 0) {
      return host;
    }
    try {
      byte[] a = InetAddress.getByName(host).getAddress(); // a literal: never a lookup
      if (a.length != 16) {
        return InetAddress.getByAddress(a).getHostAddress(); // an IPv4-mapped address is its IPv4 address
      }
      Arrays.fill(a, 8, 16, (byte) 0);
      return InetAddress.getByAddress(a).getHostAddress() + "/64";
    } catch (UnknownHostException e) {
      return host;
    }
  }

  /** Every hash is looked at, a match or not: the time taken is the same for any key. */
  private static boolean matchesAny(byte[] hash, List<byte[]> known) {
    boolean match = false;
    for (byte[] k : known) {
      match |= MessageDigest.isEqual(hash, k);
    }
    return match;
  }

  private String tag(String prefix, String data) {
    return prefix + HexFormat.of().formatHex(secrets.mac(OWNER, data), 0, TAG_BYTES);
  }

  /**
   * The tag monitors made before owner tags were HMACs carry: the first 8 bytes of the key's
   * SHA-256. A key still owns them; a change of such a monitor records the new tag (docs/monitors.md).
   */
  private static String legacyTag(byte[] sha256) {
    return "k-" + HexFormat.of().formatHex(sha256, 0, 8);
  }

  private static String presentedKey(RoutingContext rc) {
    String auth = rc.request().getHeader("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String key = auth.substring(7).strip();
      return key.isEmpty() ? null : key;
    }
    String header = rc.request().getHeader("X-API-Key");
    return header == null || header.isBlank() ? null : header.strip();
  }

  static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * A request's caller.
   *
   * @param client      who rate limits count: the key holder (by owner tag, never the key), or the address
   * @param owner       the owner tag recorded on what the caller makes: of the key, or with keys off of the address
   * @param legacyOwner the key's tag from before owner tags were HMACs; null with keys off
   * @param admin       an admin key: reads and changes every monitor
   * @param open        keys are off: anyone reads and changes everything
   */
  public record Caller(String client, String owner, String legacyOwner, boolean admin, boolean open) {
    /** True when what carries {@code ownerTag} is the caller's own, or the caller may see everything. */
    public boolean mayAccess(String ownerTag) {
      return open || admin || owns(ownerTag);
    }

    /** True when {@code ownerTag} is this caller's, by its tag now or its tag from before. */
    public boolean owns(String ownerTag) {
      return ownerTag != null && (ownerTag.equals(owner) || ownerTag.equals(legacyOwner));
    }
  }
}
