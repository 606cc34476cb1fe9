package io.stowage.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpDelete;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPut;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.util.EntityUtils;

/**
 * Plain HTTP PUT/GET/DELETE of the same bodies, for a server without S3 (nginx with WebDAV): the HTTP
 * ceiling. Uses Apache HttpClient 4.5, the very client under the SDK's {@code ApacheHttpClient}, with
 * the same blocking thread per request, so the two differ only by the S3 work (signing, XML).
 */
final class HttpStore implements ObjectStore {
  private final String name;
  private final String base;
  private final CloseableHttpClient http;

  /** {@code base} is e.g. {@code http://127.0.0.1:8080/bucket}; keys are appended as paths. */
  HttpStore(String name, String base, int maxConnections) {
    this.name = name;
    this.base = base;
    PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(60, TimeUnit.SECONDS);
    pool.setMaxTotal(maxConnections);
    pool.setDefaultMaxPerRoute(maxConnections);
    this.http = HttpClients.custom()
        .setConnectionManager(pool)
        // Expect: 100-continue on uploads, as the SDK sends it
        .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(10_000).setSocketTimeout(300_000)
            .setExpectContinueEnabled(true).build())
        .disableAutomaticRetries()
        .disableContentCompression()
        .build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean supports(Operation op) {
    return op == Operation.PUT || op == Operation.GET || op == Operation.MIXED || op == Operation.DELETE;
  }

  @Override
  public void put(String key, byte[] body, int length) throws IOException {
    HttpPut put = new HttpPut(base + "/" + key);
    put.setEntity(new ByteArrayEntity(body, 0, length));
    expect(put, 201, 204);
  }

  @Override
  public long get(String key, byte[] buffer) throws IOException {
    return getUrl(base + "/" + key, buffer);
  }

  /** GETs {@code url} and reads the whole body into {@code buffer}; fails unless the answer is 200. */
  long getUrl(String url, byte[] buffer) throws IOException {
    try (CloseableHttpResponse r = http.execute(new HttpGet(url))) {
      HttpEntity e = r.getEntity();
      if (r.getStatusLine().getStatusCode() != 200) {
        EntityUtils.consumeQuietly(e);
        // without the query: a presigned URL's is a credential
        throw new IOException("GET " + url.replaceFirst("\\?.*", "") + ": HTTP " + r.getStatusLine().getStatusCode());
      }
      try (InputStream in = e.getContent()) {
        return Drain.all(in, buffer);
      }
    }
  }

  @Override
  public void delete(String key) throws IOException {
    expect(new HttpDelete(base + "/" + key), 204, 200);
  }

  private void expect(HttpUriRequest request, int... ok) throws IOException {
    try (CloseableHttpResponse r = http.execute(request)) {
      EntityUtils.consumeQuietly(r.getEntity());
      int status = r.getStatusLine().getStatusCode();
      for (int s : ok) {
        if (s == status) {
          return;
        }
      }
      throw new IOException(request.getMethod() + " " + request.getURI().getPath() + ": HTTP " + status);
    }
  }

  @Override
  public void close() {
    try {
      http.close();
    } catch (IOException e) {
      // nothing left to measure
    }
  }
}
