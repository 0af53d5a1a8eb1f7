package downcheck.coordinator.monitor.channel;

import downcheck.model.check.HostLiteral;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Whom the SMTP connection trusts: a chain that the JDK's (or {@code --smtp-trust-file}'s)
 * certificates vouch for, whose leaf names {@code --smtp-host} (a DNS name of its subject
 * alternative names, a wildcard for one left-most label, or an IP address). The name is checked
 * here, against the configured host, because the mail client's own check was seen not to run
 * (a certificate for another name was accepted); so it holds whatever the client does.
 */
final class SmtpTrust implements X509TrustManager {
  private static final int DNS = 2;
  private static final int IP = 7;

  private final X509TrustManager chain;
  private final String host;

  private SmtpTrust(X509TrustManager chain, String host) {
    this.chain = chain;
    this.host = host;
  }

  /** @param trustFile PEM certificates to trust; null = the JDK's */
  static SmtpTrust of(String host, Path trustFile) {
    try {
      KeyStore store = null;
      if (trustFile != null) {
        store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(trustFile)) {
          int n = 0;
          for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
            store.setCertificateEntry("ca-" + n++, cert);
          }
          if (n == 0) {
            throw new IllegalArgumentException("--smtp-trust-file " + trustFile + " holds no PEM certificate");
          }
        }
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          return new SmtpTrust(x, host);
        }
      }
      throw new IllegalStateException("no X.509 trust manager");
    } catch (IOException e) {
      throw new IllegalArgumentException("--smtp-trust-file " + trustFile + " cannot be read: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("--smtp-trust-file " + trustFile + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
    chain.checkServerTrusted(certs, authType);
    if (!names(certs[0], host)) {
      throw new CertificateException("the SMTP server's certificate does not name " + host);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
    throw new CertificateException("not a server");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return chain.getAcceptedIssuers();
  }

  /** Whether the certificate's subject alternative names name the host (RFC 6125: no fallback to the CN). */
  static boolean names(X509Certificate cert, String host) {
    Collection<List<?>> alternatives;
    try {
      alternatives = cert.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return false;
    }
    if (alternatives == null) {
      return false;
    }
    Optional<InetAddress> ip = literal(host);
    String name = host.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    for (List<?> alt : alternatives) {
      int type = (Integer) alt.get(0);
      String value = String.valueOf(alt.get(1)).toLowerCase(Locale.ROOT);
      if (ip.isPresent() && type == IP && literal(value).equals(ip)) {
        return true;
      }
      if (ip.isEmpty() && type == DNS && dnsMatches(value, name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean dnsMatches(String pattern, String name) {
    if (!pattern.startsWith("*.")) {
      return pattern.equals(name);
    }
    int dot = name.indexOf('.');
    return dot > 0 && name.substring(dot).equals(pattern.substring(1)) && pattern.indexOf('.', 2) > 0;
  }

  private static Optional<InetAddress> literal(String s) {
    try {
      return HostLiteral.parse(s);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
