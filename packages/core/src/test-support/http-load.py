#!/usr/bin/env python3
"""Out-of-process HTTP ends for the gateways' memory tests, so that only the gateway's own
process is measured.

  http-load.py sink               serve on 127.0.0.1:0 (prints "port N"); answers each POST/PUT
                                  with {"bodyLength", "bodySha256"} of the body it read
  http-load.py upload URL MIB     POST MIB MiB (a repeated 64 KiB pattern) with Content-Length;
                                  prints the response body
  http-load.py download URL       GET URL as a slow reader (10 ms pause per 512 KiB); prints
                                  {"status", "bytes"}
"""
import hashlib
import http.client
import http.server
import json
import sys
import time
import urllib.parse

BLOCK = bytes(range(256)) * 256  # 64 KiB


class Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        digest = hashlib.sha256()
        length = 0
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                remaining = size
                while remaining:
                    chunk = self.rfile.read(min(remaining, 65536))
                    digest.update(chunk)
                    length += len(chunk)
                    remaining -= len(chunk)
                self.rfile.readline()
        else:
            remaining = int(self.headers.get("Content-Length", "0"))
            while remaining:
                chunk = self.rfile.read(min(remaining, 65536))
                if not chunk:
                    break
                digest.update(chunk)
                length += len(chunk)
                remaining -= len(chunk)
        body = json.dumps({"bodyLength": length, "bodySha256": digest.hexdigest()}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST

    def log_message(self, *args):
        pass


def connect(url):
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    return conn, (parts.path or "/") + ("?" + parts.query if parts.query else "")


def main():
    mode = sys.argv[1]
    if mode == "sink":
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Sink)
        print("port %d" % server.server_address[1], flush=True)
        server.serve_forever()
    elif mode == "upload":
        conn, path = connect(sys.argv[2])
        blocks = int(sys.argv[3]) * 16
        conn.putrequest("POST", path)
        conn.putheader("Content-Type", "application/octet-stream")
        conn.putheader("Content-Length", str(blocks * len(BLOCK)))
        conn.endheaders()
        for _ in range(blocks):
            conn.send(BLOCK)
        response = conn.getresponse()
        sys.stdout.write(response.read().decode())
    elif mode == "download":
        conn, path = connect(sys.argv[2])
        conn.request("GET", path)
        response = conn.getresponse()
        total = 0
        since_pause = 0
        while True:
            chunk = response.read(65536)
            if not chunk:
                break
            total += len(chunk)
            since_pause += len(chunk)
            if since_pause >= 524288:
                since_pause = 0
                time.sleep(0.01)
        print(json.dumps({"status": response.status, "bytes": total}))
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
