package downcheck.coordinator.monitor.webhook;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates made on the spot: a test CA, and leaves that are good, expired, self-signed or for another host. */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  public record Issued(X509Certificate cert, PrivateKey key) {
    /** For a Vert.x server's options. */
    public PemKeyCertOptions keyCert() {
      return new PemKeyCertOptions().setCertValue(Buffer.buffer(pem("CERTIFICATE", encoded(cert))))
          .setKeyValue(Buffer.buffer(pem("PRIVATE KEY", key.getEncoded())));
    }

    /** The certificate as PEM text, for a trust file. */
    public String certificatePem() {
      return pem("CERTIFICATE", encoded(cert));
    }

    /** For a client that trusts this certificate (a CA). */
    public PemTrustOptions trust() {
      return new PemTrustOptions().addCertValue(Buffer.buffer(pem("CERTIFICATE", encoded(cert))));
    }
  }

  private final Issued ca;

  public TestCertificates() {
    ca = issue("downcheck test CA", null, Instant.now().minusSeconds(3600), Instant.now().plusSeconds(86400 * 365), null, true);
  }

  public Issued ca() {
    return ca;
  }

  public Issued leaf(String host, Instant notBefore, Instant notAfter) {
    return issue(host, host, notBefore, notAfter, ca, false);
  }

  static Issued selfSigned(String host) {
    return issue(host, host, Instant.now().minusSeconds(3600), Instant.now().plusSeconds(86400 * 30), null, false);
  }

  private static Issued issue(String cn, String dnsName, Instant notBefore, Instant notAfter, Issued issuer,
      boolean isCa) {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(256);
      KeyPair pair = gen.generateKeyPair();
      X500Name subject = new X500Name("CN=" + cn);
      X500Name issuerName = issuer == null ? subject : new X500Name(issuer.cert().getSubjectX500Principal().getName());
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
          BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
          pair.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (dnsName != null) {
        b.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
      }
      PrivateKey signer = issuer == null ? pair.getPrivate() : issuer.key();
      X509Certificate cert = new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
      return new Issued(cert, pair.getPrivate());
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a test certificate for " + cn, e);
    }
  }

  private static byte[] encoded(X509Certificate cert) {
    try {
      return cert.getEncoded();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
