package downcheck.coordinator.secrets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The coordinators' shared secret: one key, given to every coordinator of a cluster, from which
 * each use derives its own subkey by purpose (an HMAC of the purpose's name), so a tag made for
 * one purpose never verifies for another. It seals what must not sit in plain text on Kafka
 * (AES-256-GCM, the purpose as associated data) and tags what only a coordinator may write
 * (HMAC-SHA256). The key never leaves this class: {@link #toString()} does not show it.
 */
public final class SecretsKey {
  /** The fewest bytes of key material accepted: 256 bits. */
  public static final int MIN_BYTES = 32;
  private static final String SEALED_PREFIX = "gcm1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;
  private final boolean ephemeral;

  private SecretsKey(byte[] key, boolean ephemeral) {
    if (key.length < MIN_BYTES) {
      throw new IllegalArgumentException("a secrets key needs at least " + MIN_BYTES + " bytes, this one has " + key.length);
    }
    this.key = key.clone();
    this.ephemeral = ephemeral;
  }

  /** A key from base64 text (what {@code head -c 32 /dev/urandom | base64} writes). */
  public static SecretsKey fromBase64(String text) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a secrets key is base64 text (head -c 32 /dev/urandom | base64)");
    }
    return new SecretsKey(bytes, false);
  }

  /** The key in {@code file}, base64 text. */
  public static SecretsKey fromFile(Path file) {
    try {
      return fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the secrets key file " + file + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
  }

  /** A fresh random key that lives only as long as this process (dev, or no key given). */
  public static SecretsKey ephemeral() {
    byte[] bytes = new byte[MIN_BYTES];
    RANDOM.nextBytes(bytes);
    return new SecretsKey(bytes, true);
  }

  /** True for a key made by {@link #ephemeral()}: nothing it seals survives this process. */
  public boolean isEphemeral() {
    return ephemeral;
  }

  /** HMAC-SHA256 of {@code data} under the subkey for {@code purpose}. */
  public byte[] mac(String purpose, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(subkey(purpose), "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** The same, of a string's UTF-8 bytes. */
  public byte[] mac(String purpose, String data) {
    return mac(purpose, data.getBytes(StandardCharsets.UTF_8));
  }

  /** True when {@code tag} is the MAC of {@code data} for {@code purpose}, compared in constant time. */
  public boolean verify(String purpose, byte[] data, byte[] tag) {
    return tag != null && MessageDigest.isEqual(mac(purpose, data), tag);
  }

  /** {@code plaintext} sealed for {@code purpose}: {@code gcm1:} and base64 of nonce, ciphertext and tag. */
  public String seal(String purpose, String plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, purpose, nonce);
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return SEALED_PREFIX + Base64.getEncoder().encodeToString(
          ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is part of every JDK", e);
    }
  }

  /** True for text that {@link #seal} made (by any key). */
  public static boolean isSealed(String text) {
    return text != null && text.startsWith(SEALED_PREFIX);
  }

  /**
   * The plaintext of {@link #seal}'s output for the same purpose; an {@link IllegalArgumentException}
   * when it was sealed by another key, for another purpose, or changed.
   */
  public String open(String purpose, String sealed) {
    if (!isSealed(sealed)) {
      throw new IllegalArgumentException("not sealed text");
    }
    byte[] all;
    try {
      all = Base64.getDecoder().decode(sealed.substring(SEALED_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sealed text is not base64");
    }
    if (all.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("sealed text is too short");
    }
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, purpose, Arrays.copyOf(all, NONCE_BYTES));
      byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("sealed by another key, for another purpose, or changed");
    }
  }

  private Cipher cipher(int mode, String purpose, byte[] nonce) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(subkey("seal:" + purpose), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  private byte[] subkey(String purpose) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return ephemeral ? "SecretsKey[ephemeral]" : "SecretsKey[given]";
  }
}
