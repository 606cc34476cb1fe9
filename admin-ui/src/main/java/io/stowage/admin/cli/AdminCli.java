package io.stowage.admin.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code stowage admin ...}: the admin REST API from the command line, for scripts. Logs in with the
 * given admin key for each invocation (session cookie + CSRF token), runs one subcommand, prints plain
 * text, and returns an exit code (0 ok, 1 API error, 2 usage).
 *
 * <pre>
 * stowage admin [--endpoint http://127.0.0.1:9001] --access-key AK --secret-key SK COMMAND
 *   cluster                                   groups, servers, capacity
 *   buckets list [--prefix P]                 every bucket (follows pagination)
 *   buckets create NAME [--group G]
 *   buckets delete NAME
 *   buckets public-read NAME on|off           anonymous GET of the bucket's objects
 *   objects list BUCKET [--prefix P]          one level, like the object browser (follows pagination)
 *   keys list
 *   keys create [--grant admin|BUCKET:read|write|rw|admin]...   prints the secret once
 *   keys disable AK | keys enable AK | keys delete AK
 *   keys grants AK [--grant G]...             replaces the grants
 *   servers delete GROUP SERVER_ID            removes a storage server from its group (DELETED)
 * </pre>
 * The access and secret keys may also come from STOWAGE_ACCESS_KEY / STOWAGE_SECRET_KEY.
 */
public final class AdminCli {
  private final String endpoint;
  private final HttpClient http;
  private final PrintStream out;
  private String csrf;

  private AdminCli(String endpoint, PrintStream out) {
    this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build();
    this.out = out;
  }

  /** Failure of one API call, with the server's error code and message. */
  static final class CliException extends Exception {
    CliException(String message) {
      super(message);
    }
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  public static int run(String[] args, PrintStream out) {
    String endpoint = "http://127.0.0.1:9001";
    String ak = System.getenv("STOWAGE_ACCESS_KEY");
    String sk = System.getenv("STOWAGE_SECRET_KEY");
    String group = null;
    String prefix = null;
    List<String> grants = new ArrayList<>();
    List<String> words = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--endpoint" -> endpoint = value(args, ++i, a);
          case "--access-key" -> ak = value(args, ++i, a);
          case "--secret-key" -> sk = value(args, ++i, a);
          case "--grant" -> grants.add(value(args, ++i, a));
          case "--group" -> group = value(args, ++i, a);
          case "--prefix" -> prefix = value(args, ++i, a);
          case "-h", "--help" -> {
            usage(out);
            return 0;
          }
          default -> {
            if (a.startsWith("--")) {
              throw new IllegalArgumentException("unknown option " + a);
            }
            words.add(a);
          }
        }
      }
      if (words.isEmpty()) {
        throw new IllegalArgumentException("no command");
      }
      if (ak == null || sk == null) {
        throw new IllegalArgumentException("--access-key and --secret-key are required");
      }
    } catch (IllegalArgumentException e) {
      out.println("error: " + e.getMessage());
      usage(out);
      return 2;
    }
    AdminCli cli = new AdminCli(endpoint, out);
    try {
      cli.login(ak, sk);
      return cli.command(words, group, prefix, grants);
    } catch (IllegalArgumentException e) {
      out.println("error: " + e.getMessage());
      usage(out);
      return 2;
    } catch (CliException e) {
      out.println("error: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      out.println("error: cannot reach " + endpoint + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private static String value(String[] args, int i, String opt) {
    if (i >= args.length) {
      throw new IllegalArgumentException(opt + " needs a value");
    }
    return args[i];
  }

  static void usage(PrintStream out) {
    out.println("""
        usage: stowage admin [--endpoint http://127.0.0.1:9001] --access-key AK --secret-key SK COMMAND
          cluster
          buckets list [--prefix P] | buckets create NAME [--group G] | buckets delete NAME
          buckets public-read NAME on|off | objects list BUCKET [--prefix P]
          keys list | keys create [--grant admin|BUCKET:read|write|rw|admin]...
          keys disable AK | keys enable AK | keys delete AK | keys grants AK [--grant G]...
          servers delete GROUP SERVER_ID""");
  }

  private int command(List<String> w, String group, String prefix, List<String> grants) throws IOException, InterruptedException, CliException {
    String cmd = String.join(" ", w.subList(0, Math.min(2, w.size())));
    String arg = w.size() > 2 ? w.get(2) : null;
    switch (w.get(0)) {
      case "cluster" -> cluster();
      case "buckets", "keys", "objects", "servers" -> {
        if (w.size() < 2) {
          throw new IllegalArgumentException(w.get(0) + " needs a subcommand");
        }
        switch (cmd) {
          case "buckets list" -> listBuckets(prefix);
          case "buckets create" -> {
            JsonObject b = call("POST", "/api/buckets", new JsonObject().put("name", need(arg, "NAME")).put("group", group));
            out.println("created bucket " + b.getString("name") + " on " + b.getString("homeGroup"));
          }
          case "buckets delete" -> {
            call("DELETE", "/api/buckets/" + enc(need(arg, "NAME")), null);
            out.println("deleted bucket " + arg);
          }
          case "buckets public-read" -> {
            String on = w.size() > 3 ? w.get(3) : "";
            if (!on.equals("on") && !on.equals("off")) {
              throw new IllegalArgumentException("buckets public-read NAME on|off");
            }
            call("PUT", "/api/buckets/" + enc(need(arg, "NAME")) + "/public-read", new JsonObject().put("enabled", on.equals("on")));
            out.println("public read " + on + " for " + arg);
          }
          case "objects list" -> listObjects(need(arg, "BUCKET"), prefix == null ? "" : prefix);
          case "keys list" -> listKeys();
          case "keys create" -> {
            JsonObject k = call("POST", "/api/keys", new JsonObject().put("grants", new JsonArray(grants)));
            out.println("access key: " + k.getString("accessKey"));
            out.println("secret key: " + k.getString("secretKey"));
            out.println("grants:     " + String.join(", ", strings(k.getJsonArray("grants"))));
            out.println("(the secret key is shown only now)");
          }
          case "keys disable", "keys enable" -> {
            call("POST", "/api/keys/" + enc(need(arg, "AK")) + "/" + w.get(1), null);
            out.println(w.get(1) + "d " + arg);
          }
          case "keys delete" -> {
            call("DELETE", "/api/keys/" + enc(need(arg, "AK")), null);
            out.println("deleted " + arg);
          }
          case "keys grants" -> {
            JsonObject k = call("PUT", "/api/keys/" + enc(need(arg, "AK")) + "/grants", new JsonObject().put("grants", new JsonArray(grants)));
            out.println(arg + " grants: " + String.join(", ", strings(k.getJsonArray("grants"))));
          }
          case "servers delete" -> {
            String id = w.size() > 3 ? w.get(3) : null;
            JsonObject r = call("DELETE", "/api/servers/" + enc(need(arg, "GROUP")) + "/" + enc(need(id, "SERVER_ID")), null);
            out.println("server " + r.getString("server") + " of " + r.getString("group") + " is DELETED: it gets no more reads or writes");
          }
          default -> throw new IllegalArgumentException("unknown command " + cmd);
        }
      }
      default -> throw new IllegalArgumentException("unknown command " + w.get(0));
    }
    return 0;
  }

  private static String need(String v, String what) {
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException(what + " is required");
    }
    return v;
  }

  private void cluster() throws IOException, InterruptedException, CliException {
    JsonObject o = call("GET", "/api/overview?limit=1000", null);
    JsonObject t = o.getJsonObject("totals");
    out.printf("leader %s; %d group(s), %d/%d server(s) active; %s used of %s, %s free%n", o.getString("leader"), t.getInteger("groups"),
        t.getLong("activeServers"), t.getInteger("servers"), size(t.getLong("usedBytes")), size(t.getLong("totalBytes")), size(t.getLong("freeBytes")));
    if (o.getString("error") != null) {
      out.println("error: " + o.getString("error"));
    }
    out.printf("%-16s %-10s %-22s %-10s %12s %12s %s%n", "GROUP", "SERVER", "ADDRESS", "STATUS", "USED", "TOTAL", "LAST BEAT");
    String after = "";
    do {
      JsonObject s = call("GET", "/api/servers?limit=1000&after=" + enc(after), null);
      for (Object x : s.getJsonArray("servers")) {
        JsonObject r = (JsonObject) x;
        Long age = r.getLong("beatAgeSeconds");
        out.printf("%-16s %-10d %-22s %-10s %12s %12s %s%n", r.getString("group"), r.getInteger("serverId"), r.getString("host") + ":" + r.getInteger("port"),
            r.getString("status"), r.getLong("usedBytes") == null ? "-" : size(r.getLong("usedBytes")), size(r.getLong("totalBytes")),
            age == null ? "never" : age + " s ago");
      }
      after = s.getString("nextAfter");
    } while (after != null);
    JsonObject alerts = call("GET", "/api/alerts", null);
    for (Object x : alerts.getJsonArray("alerts")) {
      JsonObject a = (JsonObject) x;
      out.println("ALERT " + a.getString("severity") + ": " + a.getString("message"));
    }
  }

  private void listBuckets(String prefix) throws IOException, InterruptedException, CliException {
    out.printf("%-40s %-16s %-22s %s%n", "NAME", "HOME GROUP", "OWNER", "CREATED");
    String after = "";
    do {
      JsonObject r = call("GET", "/api/buckets?limit=1000&after=" + enc(after) + (prefix == null ? "" : "&prefix=" + enc(prefix)), null);
      for (Object x : r.getJsonArray("buckets")) {
        JsonObject b = (JsonObject) x;
        out.printf("%-40s %-16s %-22s %s%n", b.getString("name"), b.getString("homeGroup"), b.getString("owner"),
            java.time.Instant.ofEpochMilli(b.getLong("createdMs", 0L)));
      }
      after = r.getString("nextAfter");
    } while (after != null);
  }

  private void listObjects(String bucket, String prefix) throws IOException, InterruptedException, CliException {
    out.printf("%14s  %-24s %s%n", "SIZE", "LAST MODIFIED", "KEY");
    String after = "";
    do {
      JsonObject r = call("GET", "/api/buckets/" + enc(bucket) + "/objects?delimiter=/&limit=1000&prefix=" + enc(prefix) + "&after=" + enc(after), null);
      for (Object x : r.getJsonArray("prefixes")) {
        out.printf("%14s  %-24s %s%n", "PRE", "", x);
      }
      for (Object x : r.getJsonArray("objects")) {
        JsonObject o = (JsonObject) x;
        out.printf("%14d  %-24s %s%n", o.getLong("size"), java.time.Instant.ofEpochMilli(o.getLong("lastModified", 0L)), o.getString("key"));
      }
      after = r.getString("nextAfter");
    } while (after != null);
  }

  private void listKeys() throws IOException, InterruptedException, CliException {
    out.printf("%-24s %-9s %s%n", "ACCESS KEY", "STATE", "GRANTS");
    String after = "";
    do {
      JsonObject r = call("GET", "/api/keys?limit=1000&after=" + enc(after), null);
      for (Object x : r.getJsonArray("keys")) {
        JsonObject k = (JsonObject) x;
        out.printf("%-24s %-9s %s%n", k.getString("accessKey"), k.getBoolean("enabled") ? "enabled" : "disabled",
            String.join(", ", strings(k.getJsonArray("grants"))));
      }
      after = r.getString("nextAfter");
    } while (after != null);
  }

  private void login(String ak, String sk) throws IOException, InterruptedException, CliException {
    JsonObject r = call("POST", "/api/login", new JsonObject().put("accessKey", ak).put("secretKey", sk));
    csrf = r.getString("csrfToken");
  }

  private JsonObject call(String method, String path, JsonObject body) throws IOException, InterruptedException, CliException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path)).timeout(Duration.ofSeconds(60)).header("Accept", "application/json");
    if (csrf != null) {
      b.header("X-CSRF-Token", csrf);
    }
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonObject j;
    try {
      j = resp.body().isEmpty() ? new JsonObject() : new JsonObject(resp.body());
    } catch (RuntimeException e) {
      throw new CliException("HTTP " + resp.statusCode() + " from " + path + " (not the admin API?)");
    }
    if (resp.statusCode() >= 300) {
      throw new CliException(j.getString("error", "HTTP " + resp.statusCode()) + ": " + j.getString("message", ""));
    }
    return j;
  }

  private static List<String> strings(JsonArray a) {
    List<String> s = new ArrayList<>();
    if (a != null) {
      a.forEach(x -> s.add(String.valueOf(x)));
    }
    return s;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }

  static String size(Long n) {
    if (n == null) {
      return "-";
    }
    String[] u = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = n;
    int i = 0;
    while (v >= 1024 && i < u.length - 1) {
      v /= 1024;
      i++;
    }
    return i == 0 ? n + " B" : String.format("%.1f %s", v, u[i]);
  }
}
