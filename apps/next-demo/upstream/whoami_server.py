#!/usr/bin/env python3
"""A small web app in Python (standard library only) that trusts its reverse proxy.

The Next demo starts it on 127.0.0.1 and mounts it at /tools/py through Graft's proxy()
gateway. It has no login of its own: it believes the X-Remote-User header, which the gateway
sets to the signed-in user after removing any copy a client sent. That trust is only sound
because it listens on loopback, reachable through the gateway alone.

Usage: whoami_server.py [--port N]   (default 0: any free port). The first line on stdout is
"listening on http://127.0.0.1:PORT". It exits when its stdin closes, so it never outlives the
Node process that started it, however that process ends.
"""
import argparse
import html
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MAX_FORM_BYTES = 64 * 1024


def page(title, body):
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} · Graft Next.js demo</title>
<style>body{{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}}th{{text-align:left;padding-right:1rem}}</style>
</head><body>
<p><a href="/">&larr; demo home</a></p>
{body}
</body></html>
""".encode("utf-8")


class WhoAmIHandler(BaseHTTPRequestHandler):
    server_version = "GraftDemoPython/1.0"
    protocol_version = "HTTP/1.1"

    def prefix(self):
        # Where the proxy mounted us, so links stay under /tools/py.
        return self.headers.get("X-Forwarded-Prefix", "")

    def send_page(self, status, title, body):
        data = page(title, body)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def overview(self, posted=None):
        user = self.headers.get("X-Remote-User")
        target = urlsplit(self.path)
        prefix = html.escape(self.prefix(), quote=True)
        rows = "\n".join(
            f"<tr><th>{html.escape(name)}</th><td><code data-testid=\"{html.escape(name)}\">{html.escape(value)}</code></td></tr>"
            for name, value in [
                ("X-Remote-User", user if user is not None else "(none)"),
                ("method", self.command),
                ("path", target.path),
                ("query", target.query),
                ("X-Forwarded-Prefix", self.prefix()),
                ("X-Forwarded-Host", self.headers.get("X-Forwarded-Host", "")),
                ("X-Forwarded-Proto", self.headers.get("X-Forwarded-Proto", "")),
            ]
        )
        note = ""
        if posted is not None:
            note = f'<p data-testid="posted">You posted: <q>{html.escape(posted)}</q></p>'
        greeting = html.escape(user) if user else "stranger"
        body = f"""<h1>Hello, <span data-testid="greeting">{greeting}</span>, from Python {html.escape(sys.version.split()[0])}</h1>
<p>This page comes from a separate Python server (<code>upstream/whoami_server.py</code>, <code>http.server</code>)
that Graft's <code>proxy()</code> gateway forwards to. It knows who you are only from the trusted
<code>X-Remote-User</code> header. Try <a href="{prefix}/some/path?x=1">a longer path</a>.</p>
{note}
<form method="post" action="{prefix}/form"><label>Post a note <input name="note"></label> <button>Send</button></form>
<table>
{rows}
</table>"""
        self.send_page(200, "Python upstream", body)

    def do_GET(self):
        self.overview()

    def do_HEAD(self):
        self.overview()

    def do_POST(self):
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit() or int(length) > MAX_FORM_BYTES:
            # The unread body would be taken for the next request on this connection.
            self.close_connection = True
        if length is None or not length.isdigit():
            self.send_page(411, "Length Required", "<h1>411 Length Required</h1>")
            return
        if int(length) > MAX_FORM_BYTES:
            self.send_page(413, "Too Large", "<h1>413 Content Too Large</h1>")
            return
        fields = parse_qs(self.rfile.read(int(length)).decode("utf-8", "replace"))
        self.overview(posted=fields.get("note", [""])[0])

    def log_message(self, format, *args):
        # Access logs would only repeat Next's; errors still reach stderr via log_error.
        pass

    def log_error(self, format, *args):
        sys.stderr.write("%s\n" % (format % args))


def exit_when_parent_leaves():
    # The parent holds our stdin open; EOF means it is gone (even after SIGKILL).
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--no-stdin-watch", action="store_true", help="keep running when stdin closes")
    options = parser.parse_args()
    server = ThreadingHTTPServer((options.host, options.port), WhoAmIHandler)
    server.daemon_threads = True
    host, port = server.server_address[:2]
    print(f"listening on http://{host}:{port}", flush=True)
    if not options.no_stdin_watch:
        threading.Thread(target=exit_when_parent_leaves, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
