#!/usr/bin/env python3
"""CGI fixture: answers with its environment and a digest of the request body, as JSON."""
import hashlib
import json
import os
import sys

length = os.environ.get("CONTENT_LENGTH")
# RFC 3875 §4.2: read CONTENT_LENGTH bytes when given; without it (chunked upload), read to EOF.
body = sys.stdin.buffer.read(int(length)) if length else sys.stdin.buffer.read()
payload = {
    "env": dict(os.environ),
    "bodyLength": len(body),
    "bodySha256": hashlib.sha256(body).hexdigest(),
    "cwd": os.getcwd(),
}
out = json.dumps(payload).encode("utf-8")
sys.stdout.buffer.write(b"Content-Type: application/json\r\n")
sys.stdout.buffer.write(b"Content-Length: %d\r\n\r\n" % len(out))
sys.stdout.buffer.write(out)
