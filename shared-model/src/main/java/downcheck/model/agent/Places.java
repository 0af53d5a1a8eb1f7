package downcheck.model.agent;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a place may say, one rule per field of {@link Location}: the agent's flags are judged by
 * it at start, the coordinator judges the heartbeats it reads and the {@code locations} a check
 * asks for by it. Each rule returns null when the value is good, else why not (for people,
 * without the value: the caller names the field and quotes the value).
 *
 * <p>AS numbers: 1..4294967295, except those that cannot tell one network from another (they
 * are what a failure domain is counted by, docs/consensus.md): AS_TRANS 23456 (RFC 6793), the
 * documentation ranges 64496..64511 and 65536..65551 (RFC 5398), the private-use ranges
 * 64512..65534 and 4200000000..4294967294 (RFC 6996: every private network may use the same
 * number) and the reserved last numbers 65535 and 4294967295 (RFC 7300). An operator on a
 * private AS states {@code --provider} instead.
 */
public final class Places {
  public static final int MAX_CITY = 64;
  public static final int MAX_TOKEN = 32;
  public static final int MAX_TAGS = 10;
  public static final long MAX_ASN = 4_294_967_295L;
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
  private static final Pattern TOKEN = Pattern.compile("[a-z0-9][a-z0-9._-]{0," + (MAX_TOKEN - 1) + "}");

  private Places() {}

  /** An ISO 3166-1 alpha-2 code as the agent states it: upper case ("DE"). */
  public static String country(String code) {
    if (code == null || !COUNTRIES.contains(code)) {
      return "is not an ISO 3166-1 alpha-2 country code (two upper-case letters, e.g. DE)";
    }
    return null;
  }

  /** A city name: 1..64 characters, none of them a control character. */
  public static String city(String name) {
    if (name == null || name.isBlank() || name.codePointCount(0, name.length()) > MAX_CITY
        || !name.equals(name.strip())) {
      return "must be 1 to " + MAX_CITY + " characters without leading or trailing spaces";
    }
    if (name.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
      return "must be printable characters";
    }
    return null;
  }

  /** A provider: a lower-case token of at most 32 ({@code aws}, {@code hetzner}, {@code home}). */
  public static String provider(String token) {
    return token(token);
  }

  /** A tag: a lower-case token of at most 32. */
  public static String tag(String token) {
    return token(token);
  }

  /** At most 10 tags, each a lower-case token. */
  public static String tags(List<String> tags) {
    if (tags.size() > MAX_TAGS) {
      return "at most " + MAX_TAGS + " tags";
    }
    for (String t : tags) {
      String why = tag(t);
      if (why != null) {
        return "'" + t + "' " + why;
      }
    }
    return null;
  }

  /** An AS number that names one network (see the class comment for the refused ranges). */
  public static String asn(long asn) {
    if (asn < 1 || asn > MAX_ASN) {
      return "must be an AS number, 1 to " + MAX_ASN;
    }
    if (asn == 23456) {
      return "is AS_TRANS (RFC 6793), not a network";
    }
    if ((asn >= 64496 && asn <= 64511) || (asn >= 65536 && asn <= 65551)) {
      return "is reserved for documentation (RFC 5398), not a network";
    }
    if ((asn >= 64512 && asn <= 65534) || (asn >= 4_200_000_000L && asn < MAX_ASN)) {
      return "is a private-use AS number (RFC 6996): many networks share it, so it tells no failure domain; "
          + "state --provider instead";
    }
    if (asn == 65535 || asn == MAX_ASN) {
      return "is reserved (RFC 7300), not a network";
    }
    return null;
  }

  /** Why this location breaks a rule, naming the field ("city: ..."), or null when every field is good. */
  public static String problem(Location l) {
    if (l.country() != null && country(l.country()) != null) {
      return "country: " + country(l.country());
    }
    if (l.city() != null && city(l.city()) != null) {
      return "city: " + city(l.city());
    }
    if (l.provider() != null && provider(l.provider()) != null) {
      return "provider: " + provider(l.provider());
    }
    if (l.asn() != null && asn(l.asn()) != null) {
      return "asn: " + asn(l.asn());
    }
    String tags = tags(l.tags());
    return tags == null ? null : "tags: " + tags;
  }

  private static String token(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      return "must be lower-case letters, digits, '.', '_' and '-' (at most " + MAX_TOKEN
          + "), starting with a letter or digit";
    }
    return null;
  }
}
