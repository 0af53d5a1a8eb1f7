package downcheck.coordinator.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3.1 document of this API (docs/openapi.json,
 * carried in the jar), public and cacheable; an unchanged copy is answered 304 by its ETag.
 */
public final class ContractApi {
  static final String RESOURCE = "downcheck/openapi.json";
  private static final Document DOCUMENT = Document.load();

  private record Document(Buffer bytes, String etag) {
    static Document load() {
      try (InputStream in = ContractApi.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the coordinator's jar");
        }
        byte[] bytes = in.readAllBytes();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
        return new Document(Buffer.buffer(bytes), "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public void mount(Router router) {
    router.get("/api/v1/openapi.json").handler(this::document);
  }

  private void document(RoutingContext rc) {
    rc.response().putHeader("Cache-Control", "public, max-age=3600").putHeader("ETag", DOCUMENT.etag());
    if (DOCUMENT.etag().equals(rc.request().getHeader("If-None-Match"))) {
      rc.response().setStatusCode(304).end();
      return;
    }
    rc.response().putHeader("Content-Type", "application/json; charset=utf-8").end(DOCUMENT.bytes());
  }
}
