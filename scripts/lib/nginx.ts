import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Debian's nginx, if installed (apt-get install nginx-light): the benches' reference server. */
export const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((candidate) => existsSync(candidate));

/**
 * nginx (one worker) serving `root` as static files with gzip_static, over HTTPS on `tlsPort`
 * (HTTP/2 offered by ALPN, HTTP/1.1 otherwise; a self-signed ECDSA P-256 certificate for `host`,
 * like the one Caddy's internal CA issues) and,
 * when `plainPort` is given, over plain HTTP too (`plainExtra`: more directives for that server). Its files and logs go in `dir`. The caller waits
 * until it serves and stops the returned process.
 */
export function startNginx({ dir, root, host, tlsPort, plainPort, plainExtra = "" }: { dir: string; root: string; host: string; tlsPort: number; plainPort?: number; plainExtra?: string }): ChildProcess {
  if (!NGINX) throw new Error("nginx is not installed (apt-get install nginx-light)");
  mkdirSync(dir, { recursive: true });
  const cert = spawnSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", `/CN=${host}`, "-addext", `subjectAltName=DNS:${host}`, "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")], { stdio: "ignore" });
  if (cert.status !== 0) throw new Error("openssl could not make a certificate for nginx");
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((name) => `${name}_temp_path ${path.join(dir, name)};`).join("\n  ");
  const plain = plainPort ? `\n  server { listen 127.0.0.1:${plainPort}; root ${root}; ${plainExtra} }` : "";
  writeFileSync(
    path.join(dir, "nginx.conf"),
    `${process.getuid?.() === 0 ? "user root;" : ""}
worker_processes 1;
daemon off;
pid ${path.join(dir, "nginx.pid")};
error_log ${path.join(dir, "error.log")} warn;
events { worker_connections 1024; }
http {
  access_log off;
  # nginx closes a connection after 1,000 requests by default, HTTP/2 included, and h2load does not
  # reconnect: 32 connections capped a 5 s HTTP/2 run at 32,000 requests (~6,400 req/s, below a
  # minimal Caddy), and wrk paid a new handshake every 1,000. Caddy has no such limit.
  keepalive_requests 1000000;
  ${temp}
  types { text/html html; application/json json; }
  gzip_static on;${plain}
  server {
    listen 127.0.0.1:${tlsPort} ssl http2;
    ssl_certificate ${path.join(dir, "cert.pem")}; ssl_certificate_key ${path.join(dir, "key.pem")};
    ssl_protocols TLSv1.2 TLSv1.3;
    root ${root};
  }
}
`,
  );
  return spawn(NGINX, ["-c", path.join(dir, "nginx.conf"), "-p", dir], { stdio: ["ignore", "ignore", "inherit"] });
}
