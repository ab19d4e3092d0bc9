#!/usr/bin/env python3
"""A webhook receiver on 127.0.0.1 for the chaos suite: appends one JSON line per POST to a file
({"id": webhook-id header, "body": the parsed JSON body}) and answers 200. Started and killed by
chaos-test.sh to play a receiver that goes down and comes back on the same port.

    webhook-receiver.py PORT OUT.jsonl
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        try:
            parsed = json.loads(body)
        except ValueError:
            self.send_response(400)
            self.end_headers()
            return
        # Requests are served on threads: one line at a time, so long bodies never interleave.
        with self.server.lock, open(self.server.out, "a", encoding="utf-8") as f:
            f.write(json.dumps({"id": self.headers.get("webhook-id"), "body": parsed}) + "\n")
        self.send_response(200)
        self.end_headers()

    def log_message(self, fmt, *args):
        pass


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.out = out
    server.lock = threading.Lock()
    print(f"webhook receiver on http://127.0.0.1:{port}/hook", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
