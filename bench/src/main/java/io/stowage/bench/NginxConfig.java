package io.stowage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An nginx configuration that runs without root: every path in the bench's directory, foreground, two workers. */
final class NginxConfig {
  private NginxConfig() {}

  static Path write(Path dir, int port, String user) throws IOException {
    Path www = Files.createDirectories(dir.resolve("www"));
    Path temp = Files.createDirectories(dir.resolve("temp"));
    // started as root, the workers would switch to 'nobody' and could not write into www
    String userLine = "root".equals(user) ? "user root;\n" : "";
    String conf = userLine + """
        daemon off;
        master_process on;
        worker_processes 2;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 1024; }
        http {
          access_log off;
          client_body_temp_path %2$s/body;
          proxy_temp_path %2$s/proxy;
          fastcgi_temp_path %2$s/fastcgi;
          uwsgi_temp_path %2$s/uwsgi;
          scgi_temp_path %2$s/scgi;
          sendfile on;
          tcp_nopush on;
          keepalive_timeout 300s;
          keepalive_requests 1000000;
          server {
            listen 127.0.0.1:%3$d;
            root %4$s;
            location / {
              dav_methods PUT DELETE;
              create_full_put_path on;
              client_max_body_size 0;
              client_body_buffer_size 1m;
            }
          }
        }
        """.formatted(dir, temp, port, www);
    Path f = dir.resolve("nginx.conf");
    Files.writeString(f, conf);
    return f;
  }
}
