package downcheck.agent.probe.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.TrustOptions;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * TLS on a connection the probe opened itself, offering {@code h2} and {@code http/1.1} through
 * ALPN as a browser does. Vert.x's {@code NetSocket.upgradeToSsl} offers no ALPN, so the probe
 * puts Netty's {@link SslHandler} on the connection itself: one {@link SslContext} per probe kind
 * (JDK provider, the JDK trust store or the test's), one engine per connection made for the
 * target's name, which the JDK sends as SNI and verifies the certificate against (a numeric host
 * is verified as an IP and sends no SNI). Vert.x finds the handler by its type, so
 * {@code NetSocket.isSsl()}, {@code sslSession()} and {@code peerCertificates()} see it.
 */
final class TlsClient {
  /**
   * Netty's own handshake timer, a backstop only: the run's deadline decides first.
   */
  static final long HANDSHAKE_BACKSTOP_MINUTES = 10;

  private static final AtomicBoolean WARMED = new AtomicBoolean();

  private final SslContext context;

  /** @param trust the certificates to trust; null = the JDK's trust store (production) */
  TlsClient(Vertx vertx, TrustOptions trust) {
    try {
      SslContextBuilder builder = SslContextBuilder.forClient()
          .sslProvider(SslProvider.JDK)
          .protocols("TLSv1.3", "TLSv1.2")
          .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
              ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
      if (trust != null) {
        builder.trustManager(trust.getTrustManagerFactory(vertx));
      }
      this.context = builder.build();
    } catch (Exception e) {
      throw new IllegalStateException("cannot set up the probes' TLS client: " + e.getMessage(), e);
    }
    if (!WARMED.getAndSet(true)) {
      if (Context.isOnEventLoopThread()) {
        vertx.executeBlocking(() -> warmUp(context));
      } else {
        warmUp(context);
      }
    }
  }

  /**
   * Writes one ClientHello nowhere, once per process and off the event loops: the JVM's first
   * (interpreted) key-share generation takes seconds on a loaded machine, which would otherwise
   * fall on the first probe's event loop and deadline.
   */
  private static Void warmUp(SslContext context) {
    try {
      SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT, "warm-up.invalid", 443);
      engine.beginHandshake();
      engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
      engine.closeOutbound();
    } catch (Exception e) {
      // only the warm-up is lost: the first probe pays for it
    }
    return null;
  }

  /**
   * Starts the handshake on {@code socket} for {@code peerHost} (the target's name, or its address
   * when the target is numeric). Completes on the caller's context with the protocol the server
   * chose ({@code "h2"}, {@code "http/1.1"}, or null when it chose none).
   */
  Future<String> handshake(Vertx vertx, NetSocket socket, String peerHost, int port) {
    ContextInternal caller = (ContextInternal) vertx.getOrCreateContext();
    ChannelHandlerContext connection = ((NetSocketInternal) socket).channelHandlerContext();
    SslHandler ssl = context.newHandler(connection.alloc(), peerHost, port);
    SSLEngine engine = ssl.engine();
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host we asked for
    engine.setSSLParameters(parameters);
    ssl.setHandshakeTimeout(HANDSHAKE_BACKSTOP_MINUTES, TimeUnit.MINUTES);
    var promise = caller.<String>promise();
    connection.pipeline().addFirst("ssl", ssl);
    connection.pipeline().addAfter("ssl", "ssl-handshake-errors", new ChannelInboundHandlerAdapter() {
      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ssl.handshakeFuture().isSuccess()) {
          ctx.fireExceptionCaught(cause);
        } // else the handshake's future reports it: no second report (Vert.x would log it as unhandled)
      }
    });
    ssl.handshakeFuture().addListener(f -> {
      if (f.isSuccess()) {
        promise.tryComplete(ssl.applicationProtocol());
      } else {
        promise.tryFail(f.cause() != null ? f.cause() : new SSLException("TLS handshake failed"));
      }
    });
    return promise.future();
  }
}
