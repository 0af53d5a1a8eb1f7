package downcheck.agent.resolve;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * A record's data as {@code dig +short} shows it: an A as {@code 192.0.2.1}, an MX as
 * {@code 10 mx.example.com.}, an SOA as {@code ns. host. serial refresh retry expire minimum},
 * a CAA as {@code 0 issue "letsencrypt.org"}, an SRV as {@code prio weight port target.}, a TXT
 * as its strings quoted, and a type it does not know in RFC 3597's {@code \# length hex}. Names
 * end in a dot. Data that does not parse is shown as unknown, never thrown.
 */
final class RecordText {
  private RecordText() {}

  static String of(DnsRecord record) {
    if (!(record instanceof DnsRawRecord raw)) {
      return record.toString();
    }
    ByteBuf data = raw.content().duplicate();
    int start = data.readerIndex();
    try {
      String text = switch (record.type().intValue()) {
        case 1, 28 -> address(data);
        case 2, 5, 12 -> name(data);
        case 6 -> name(data) + " " + name(data) + " " + data.readUnsignedInt() + " " + data.readUnsignedInt() + " "
            + data.readUnsignedInt() + " " + data.readUnsignedInt() + " " + data.readUnsignedInt();
        case 15 -> data.readUnsignedShort() + " " + name(data);
        case 16 -> txt(data);
        case 33 -> data.readUnsignedShort() + " " + data.readUnsignedShort() + " " + data.readUnsignedShort() + " "
            + name(data);
        case 257 -> caa(data);
        default -> unknown(data.readerIndex(start));
      };
      return text;
    } catch (RuntimeException e) {
      return unknown(data.readerIndex(start));
    }
  }

  private static String address(ByteBuf data) {
    byte[] b = new byte[data.readableBytes()];
    data.readBytes(b);
    try {
      return NetUtil.toAddressString(InetAddress.getByAddress(b)); // raw bytes: never a lookup; 2001:db8::7 as dig writes it
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("an address of " + b.length + " bytes");
    }
  }

  /** A name, following compression pointers into the message the record came in. */
  private static String name(ByteBuf data) {
    return DefaultDnsRecordDecoder.decodeName(data);
  }

  private static String txt(ByteBuf data) {
    StringBuilder out = new StringBuilder();
    while (data.isReadable()) {
      int len = data.readUnsignedByte();
      byte[] s = new byte[len];
      data.readBytes(s);
      out.append(out.length() == 0 ? "" : " ").append(quoted(s));
    }
    return out.toString();
  }

  private static String caa(ByteBuf data) {
    int flags = data.readUnsignedByte();
    byte[] tag = new byte[data.readUnsignedByte()];
    data.readBytes(tag);
    byte[] value = new byte[data.readableBytes()];
    data.readBytes(value);
    return flags + " " + new String(tag, StandardCharsets.US_ASCII) + " " + quoted(value);
  }

  /** A character-string as dig writes it: in quotes, {@code "} and {@code \} escaped, other bytes outside printable ASCII as {@code \DDD}. */
  private static String quoted(byte[] s) {
    StringBuilder out = new StringBuilder("\"");
    for (byte b : s) {
      int c = b & 0xff;
      if (c == '"' || c == '\\') {
        out.append('\\').append((char) c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\%03d", c));
      } else {
        out.append((char) c);
      }
    }
    return out.append('"').toString();
  }

  private static String unknown(ByteBuf data) {
    StringBuilder out = new StringBuilder("\\# ").append(data.readableBytes());
    if (data.isReadable()) {
      out.append(' ');
    }
    while (data.isReadable()) {
      out.append(String.format("%02x", data.readUnsignedByte()));
    }
    return out.toString();
  }
}
