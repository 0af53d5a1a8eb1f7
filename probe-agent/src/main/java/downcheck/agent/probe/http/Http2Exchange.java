package downcheck.agent.probe.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One request and its response over HTTP/2 (RFC 9113), on a connection whose TLS handshake chose
 * {@code h2} through ALPN. Netty's HTTP/2 codec (framing, HPACK, flow control, SETTINGS and PING
 * acknowledgements) is put on the connection the probe opened itself, so the TCP connect and the
 * handshake stay timed apart as for HTTP/1.1. One stream; the response comes out as the HTTP/1.1
 * path's does: a {@link ResponseHead} (version {@code "2"}, no reason phrase) and body bytes
 * handed to a {@link ResponseParser.BodySink}, none kept.
 *
 * <p>Bounds as for HTTP/1.1: the header list the server may send is announced as
 * {@link ResponseParser#HEAD_LIMIT} bytes (SETTINGS_MAX_HEADER_LIST_SIZE; Netty refuses more)
 * and {@link ResponseParser#MAX_FIELDS} fields, {@link ResponseParser#MAX_INTERIM} interim
 * responses, {@code bodyLimit} bytes of body read, flow-control credit returned only for what
 * was read, no server push. Events reach the {@link Listener} on the run's Vert.x context.
 */
final class Http2Exchange {
  /** What the codec, its HPACK tables and the stream hold, as charged to the probe's memory lease. */
  static final long CODEC_BYTES = 16 * 1024;

  /** Connection-specific fields (RFC 9113, 8.2.2): never sent over HTTP/2. {@code Host} becomes {@code :authority}. */
  private static final Set<String> NOT_SENT = Set.of("connection", "keep-alive", "proxy-connection",
      "transfer-encoding", "upgrade", "te", "host");

  /** What the run learns of the exchange, in order: the first HEADERS frame, then the end or a failure. */
  interface Listener {
    /** The first frame of the response's headers arrived (what {@code firstByteMs} measures). */
    void firstHeaders();

    /** The final head is read (the body may follow). */
    void head(ResponseHead head);

    /** The response is read as far as the probe reads it. */
    void complete(ResponseHead head);

    /**
     * The exchange failed: a {@link MalformedResponseException} when the server broke the
     * protocol, a {@link SocketException} saying "reset" or "closed" when the stream or
     * connection ended early.
     */
    void failed(Throwable failure);
  }

  /** The request: method, {@code :authority} and {@code :path} as the target has them, the fields, the body or null. */
  record Request(String method, String authority, String path, List<Map.Entry<String, String>> fields, byte[] body) {}

  private final int bodyLimit;
  private final ResponseParser.BodySink sink;
  private final Predicate<ResponseHead> wantsBody;
  private final Listener listener;
  private final ContextInternal context;
  private boolean sawHeaders;
  private int interim;
  private ResponseHead head;
  private long bodyRead;
  private boolean over;

  private Http2Exchange(Vertx vertx, int bodyLimit, ResponseParser.BodySink sink, Predicate<ResponseHead> wantsBody,
      Listener listener) {
    this.context = (ContextInternal) vertx.getOrCreateContext();
    this.bodyLimit = bodyLimit;
    this.sink = sink;
    this.wantsBody = wantsBody;
    this.listener = listener;
  }

  /**
   * Puts the HTTP/2 codec on {@code socket}'s connection and sends {@code request}. Call on the
   * run's context, right after the TLS handshake chose {@code h2}.
   */
  static Http2Exchange start(Vertx vertx, NetSocket socket, Request request, int bodyLimit,
      ResponseParser.BodySink sink, Predicate<ResponseHead> wantsBody, Listener listener) {
    Http2Exchange exchange = new Http2Exchange(vertx, bodyLimit, sink, wantsBody, listener);
    ChannelHandlerContext vertxHandler = ((NetSocketInternal) socket).channelHandlerContext();
    ChannelPipeline pipeline = vertxHandler.pipeline();
    pipeline.addBefore(vertxHandler.name(), "h2-codec", Http2FrameCodecBuilder.forClient()
        .initialSettings(Http2Settings.defaultSettings()
            .pushEnabled(false)
            .maxHeaderListSize(ResponseParser.HEAD_LIMIT))
        .validateHeaders(true)
        .gracefulShutdownTimeoutMillis(0) // the probe's close is final: GOAWAY, then gone (Netty would wait 30 s for the stream)
        .build());
    pipeline.addBefore(vertxHandler.name(), "h2-exchange", exchange.new Handler(request));
    return exchange;
  }

  /** The request's fields as HTTP/2 sends them: names lower-cased, connection-specific ones left out, in order. */
  static List<Map.Entry<String, String>> fields(List<RequestWriter.Field> fields) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (RequestWriter.Field f : fields) {
      String name = f.name().toLowerCase(Locale.ROOT);
      if (!NOT_SENT.contains(name)) {
        out.add(Map.entry(name, f.value()));
      }
    }
    return out;
  }

  /** Body bytes read (and handed to the sink), at most the limit. */
  long bodyRead() {
    return bodyRead;
  }

  /** The final head, or null until it is read. */
  ResponseHead head() {
    return head;
  }

  private void onFrame(Object frame) {
    if (over) {
      return;
    }
    try {
      if (frame instanceof Http2HeadersFrame h) {
        onHeaders(h);
      } else if (frame instanceof Http2DataFrame d) {
        onData(d);
      } else if (frame instanceof Http2ResetFrame r) {
        fail(new SocketException("stream reset by the server (HTTP/2 RST_STREAM " + r.errorCode() + ")"));
      } else if (frame instanceof Http2GoAwayFrame g && g.lastStreamId() < 1) { // ours is stream 1
        fail(new SocketException("connection closed by the server (HTTP/2 GOAWAY " + g.errorCode() + ")"));
      }
    } catch (MalformedResponseException e) {
      fail(e);
    }
  }

  private void onHeaders(Http2HeadersFrame frame) throws MalformedResponseException {
    if (!sawHeaders) {
      sawHeaders = true;
      listener.firstHeaders();
    }
    if (head != null) { // trailers: ignored, as for chunked HTTP/1.1
      if (frame.isEndStream()) {
        end();
      }
      return;
    }
    int status = status(frame.headers());
    if (status < 200) {
      if (++interim > ResponseParser.MAX_INTERIM) {
        throw new MalformedResponseException("more than " + ResponseParser.MAX_INTERIM + " interim responses");
      }
      return;
    }
    head = new ResponseHead("HTTP/2", status, "", fields(frame.headers()));
    listener.head(head);
    if (frame.isEndStream() || !wantsBody.test(head) || status == 204 || status == 304) {
      end();
    }
  }

  private void onData(Http2DataFrame frame) throws MalformedResponseException {
    if (head == null) {
      throw new MalformedResponseException("HTTP/2 DATA before the response's HEADERS");
    }
    ByteBuf content = frame.content();
    int take = (int) Math.min(content.readableBytes(), bodyLimit - bodyRead);
    if (take > 0) {
      byte[] bytes = new byte[take];
      content.getBytes(content.readerIndex(), bytes);
      sink.accept(bytes, 0, take);
      bodyRead += take;
    }
    if (frame.isEndStream() || bodyRead >= bodyLimit) {
      end();
    }
  }

  private static int status(Http2Headers headers) throws MalformedResponseException {
    CharSequence status = headers.status();
    if (status == null || status.length() != 3) {
      throw new MalformedResponseException("HTTP/2 response without a valid :status: " + status);
    }
    try {
      int code = Integer.parseInt(status.toString());
      if (code < 100 || code > 599) {
        throw new MalformedResponseException("HTTP/2 :status out of range: " + code);
      }
      return code;
    } catch (NumberFormatException e) {
      throw new MalformedResponseException("HTTP/2 :status is not a number: " + status);
    }
  }

  private static List<ResponseHead.Field> fields(Http2Headers headers) throws MalformedResponseException {
    List<ResponseHead.Field> fields = new ArrayList<>();
    for (Map.Entry<CharSequence, CharSequence> h : headers) {
      String name = h.getKey().toString();
      if (name.startsWith(":")) {
        continue;
      }
      if (fields.size() == ResponseParser.MAX_FIELDS) {
        throw new MalformedResponseException("more than " + ResponseParser.MAX_FIELDS + " header fields");
      }
      fields.add(new ResponseHead.Field(name, h.getValue().toString()));
    }
    return fields;
  }

  private void end() {
    if (!over) {
      over = true;
      listener.complete(head);
    }
  }

  private void fail(Throwable failure) {
    if (!over) {
      over = true;
      listener.failed(failure);
    }
  }

  /** The exchange's end of the pipeline: sends the request, hands every frame to the run's context. */
  private final class Handler extends Http2ChannelDuplexHandler {
    private final Request request;
    private Http2FrameStream stream;

    Handler(Request request) {
      this.request = request;
    }

    @Override
    protected void handlerAdded0(ChannelHandlerContext ctx) {
      stream = newStream();
      Http2Headers headers = new DefaultHttp2Headers()
          .method(request.method())
          .scheme("https")
          .authority(request.authority())
          .path(request.path());
      for (Map.Entry<String, String> f : request.fields()) {
        headers.add(f.getKey(), f.getValue());
      }
      boolean hasBody = request.body() != null;
      ctx.write(new DefaultHttp2HeadersFrame(headers, !hasBody).stream(stream))
          .addListener(f -> failedWrite(f.cause()));
      if (hasBody) {
        ctx.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(request.body()), true).stream(stream))
            .addListener(f -> failedWrite(f.cause()));
      }
      ctx.flush();
    }

    private void failedWrite(Throwable cause) {
      if (cause != null) {
        context.emit(cause, Http2Exchange.this::onFailure);
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Http2StreamFrame f && f.stream() != null && f.stream() != stream) {
        ReferenceCountUtil.release(msg); // not our stream (push is off; nothing else is asked for)
        return;
      }
      if (msg instanceof Http2DataFrame d && d.initialFlowControlledBytes() > 0) {
        // credit back what arrived, whether read or not: the body is bounded by what we read, not by flow control
        ctx.writeAndFlush(new DefaultHttp2WindowUpdateFrame(d.initialFlowControlledBytes()).stream(d.stream()));
      }
      context.emit(msg, m -> {
        try {
          onFrame(m);
        } finally {
          ReferenceCountUtil.release(m);
        }
      });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      context.emit(cause, Http2Exchange.this::onFailure);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      context.emit(new SocketException("connection closed before the HTTP/2 response ended"),
          Http2Exchange.this::onFailure);
      ctx.fireChannelInactive();
    }
  }

  /** A codec exception is the server breaking HTTP/2; anything else is the connection's own failure. */
  private void onFailure(Throwable cause) {
    if (cause instanceof Http2Exception || cause instanceof Http2FrameStreamException) {
      fail(new MalformedResponseException("HTTP/2 protocol error: " + cause.getMessage()));
    } else {
      fail(cause);
    }
  }
}
