package downcheck.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
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

/**
 * An https target on 127.0.0.1 whose certificate, issued by a CA this test makes, the test
 * chooses and renews while it runs. Agents trust the CA through the JVM's default trust store
 * ({@link #trustInThisJvm}): the probe uses the JDK's trust store, as in production.
 */
public final class TlsTarget implements AutoCloseable {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
  private static final String TRUST_PASSWORD = "changeit";

  private record Issued(X509Certificate cert, PrivateKey key) {}

  private final Issued ca = issue("downcheck test CA", Instant.now().plus(Duration.ofDays(365)), null);
  private final HttpServer server;

  /** Serving a certificate for 127.0.0.1 that expires in {@code validFor}. */
  public TlsTarget(Vertx vertx, Duration validFor) {
    server = Wait.on(vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(leaf(validFor)))
        .requestHandler(req -> req.response().end("ok")).listen(0, "127.0.0.1"));
  }

  public String url() {
    return "https://127.0.0.1:" + server.actualPort() + "/";
  }

  /** From now on, new connections see a new certificate that expires in {@code validFor}. */
  public void renew(Duration validFor) {
    Wait.on(server.updateSSLOptions(new ServerSSLOptions().setKeyCertOptions(leaf(validFor))));
  }

  /**
   * Makes this JVM's default trust store this target's CA alone (for TLS clients made after
   * this call); {@link Runnable#run} puts the previous one back.
   */
  public Runnable trustInThisJvm() {
    String[] keys = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStoreType", "javax.net.ssl.trustStorePassword"};
    String[] before = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      before[i] = System.getProperty(keys[i]);
    }
    try {
      Path file = Files.createTempFile("downcheck-test-trust", ".p12");
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("test-ca", ca.cert());
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, TRUST_PASSWORD.toCharArray());
      }
      file.toFile().deleteOnExit();
      System.setProperty(keys[0], file.toString());
      System.setProperty(keys[1], "PKCS12");
      System.setProperty(keys[2], TRUST_PASSWORD);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return () -> {
      for (int i = 0; i < keys.length; i++) {
        if (before[i] == null) {
          System.clearProperty(keys[i]);
        } else {
          System.setProperty(keys[i], before[i]);
        }
      }
    };
  }

  private PemKeyCertOptions leaf(Duration validFor) {
    Issued leaf = issue("127.0.0.1", Instant.now().plus(validFor), ca);
    return new PemKeyCertOptions().setCertValue(Buffer.buffer(pem("CERTIFICATE", encoded(leaf.cert()))))
        .setKeyValue(Buffer.buffer(pem("PRIVATE KEY", leaf.key().getEncoded())));
  }

  private static Issued issue(String cn, Instant notAfter, Issued issuer) {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(256);
      KeyPair pair = gen.generateKeyPair();
      X500Name subject = new X500Name("CN=" + cn);
      X500Name issuerName = issuer == null ? subject : new X500Name(issuer.cert().getSubjectX500Principal().getName());
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
          BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(Instant.now().minusSeconds(3600)), Date.from(notAfter),
          subject, pair.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(issuer == null));
      if (issuer != null) {
        b.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(new GeneralName(GeneralName.iPAddress, cn)));
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
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  @Override
  public void close() {
    Wait.on(server.close());
  }
}
