package io.stowage.admin.s3;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client-side AWS Signature Version 4 for the few S3 requests the admin server proxies (GET, PUT,
 * DELETE object) as the logged-in key, with {@code UNSIGNED-PAYLOAD} so bodies stream without
 * being hashed first. Pure functions; checked against the AWS documentation's S3 example vector and
 * the AWS SDK v2 signer.
 * (A client signer, the counterpart of the gateway's verifier in {@code io.stowage.s3.auth.SigV4};
 * kept here so admin-ui depends on core-common only.)
 */
public final class S3Signer {
  public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private S3Signer() {}

  /** {@code X-Amz-Date} for an instant. */
  public static String amzDate(ZonedDateTime t) {
    return AMZ_DATE.format(t.withZoneSameInstant(ZoneOffset.UTC));
  }

  /** S3 URI encoding of an object key path: every byte but unreserved characters and '/' percent-encoded. */
  public static String encodePath(String path) {
    return encode(path, false);
  }

  /** AWS URI encoding of a query name or value ('/' encoded too). */
  public static String encodeQuery(String s) {
    return encode(s, true);
  }

  private static String encode(String s, boolean slash) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~'
          || (c == '/' && !slash)) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }

  /**
   * The {@code Authorization} header value.
   *
   * @param canonicalUri the encoded path as sent
   * @param canonicalQuery sorted, encoded query ("" for none)
   * @param headers the headers to sign, lower-case names (must include host, x-amz-date, x-amz-content-sha256)
   */
  public static String authorization(String method, String canonicalUri, String canonicalQuery, Map<String, String> headers,
      String payloadHash, String amzDate, String region, String accessKey, String secretKey) {
    TreeMap<String, String> sorted = new TreeMap<>();
    headers.forEach((k, v) -> sorted.put(k.toLowerCase(java.util.Locale.ROOT), v.strip().replaceAll(" +", " ")));
    StringBuilder ch = new StringBuilder();
    sorted.forEach((k, v) -> ch.append(k).append(':').append(v).append('\n'));
    String signed = String.join(";", sorted.keySet());
    String canonicalRequest = method + "\n" + canonicalUri + "\n" + canonicalQuery + "\n" + ch + "\n" + signed + "\n" + payloadHash;
    String date = amzDate.substring(0, 8);
    String scope = date + "/" + region + "/s3/aws4_request";
    String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, "s3");
    key = hmac(key, "aws4_request");
    String signature = HexFormat.of().formatHex(hmac(key, stringToSign));
    return "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + signed + ", Signature=" + signature;
  }

  static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
