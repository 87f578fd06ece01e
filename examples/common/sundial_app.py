"""What a team's app needs to be called by Sundial's `http` handler: check the signature, read
the run from the envelope, and (for long work) report back with the run's token.
Standard library only. See the README in each example folder."""

import base64
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def verify(secret, headers, body, tolerance=300):
    """True when Sundial signed this body (Standard Webhooks) within `tolerance` seconds."""
    try:
        key = base64.b64decode(secret.removeprefix("whsec_"))
        msg_id, ts = headers["webhook-id"], headers["webhook-timestamp"]
        if abs(time.time() - int(ts)) > tolerance:
            return False
        signed = f"{msg_id}.{ts}.".encode() + body
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        return any(hmac.compare_digest(expected, s.split(",", 1)[1])
                   for s in headers["webhook-signature"].split() if s.startswith("v1,"))
    except (KeyError, ValueError):
        return False


class Run:
    """The run Sundial calls about, read from the JSON envelope of a POST."""

    def __init__(self, envelope):
        run = envelope["run"]
        self.id = run["id"]
        self.task_name = run["taskName"]
        self.attempt = run["attempt"]
        self.trigger = run["trigger"]
        self.scheduled_for = run["scheduledFor"]
        self.test_mode = run["testMode"]
        self.params = envelope.get("params") or {}
        self.body = envelope.get("body")
        # In a pipeline: the results of the steps before this one, by step name.
        self.steps = envelope.get("steps") or {}
        self._callback = envelope["callback"]

    def _post(self, what, payload):
        req = urllib.request.Request(
            f"{self._callback['url']}/{what}", data=json.dumps(payload).encode(), method="POST",
            headers={"authorization": f"Bearer {self._callback['token']}", "content-type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as res:
            return json.loads(res.read() or b"{}")

    def log(self, message, level="info"):
        self._post("logs", {"lines": [{"message": message, "level": level}]})

    def progress(self, **progress):
        self._post("progress", {"progress": progress})

    def succeed(self, result=None):
        self._post("finish", {"status": "succeeded", "result": result})

    def fail(self, error, retryable=True):
        self._post("finish", {"status": "failed", "error": error, "retryable": retryable})


def serve(routes, port=None, secret=None, record=None):
    """Serve POST routes {path: fn(run) -> (status, body)}; refuse unsigned calls when a secret is set.
    Each call is appended to `record` (a JSONL file), which the examples' test reads."""
    secret = secret if secret is not None else os.environ.get("SIGNING_SECRET")
    record = record or os.environ.get("RECEIVED_FILE")
    port = int(port or os.environ.get("PORT", "8700"))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            signed = bool(secret) and verify(secret, headers, body)
            route = routes.get(self.path)
            if route is None:
                return self._answer(404, {"error": "no such route"})
            if secret and not signed:
                return self._answer(401, {"error": "bad signature"})
            run = Run(json.loads(body))
            if record:
                with open(record, "a") as f:
                    f.write(json.dumps({"path": self.path, "run_id": run.id, "params": run.params, "test_mode": run.test_mode,
                                        "attempt": run.attempt, "signature_valid": signed}) + "\n")
            status, answer = route(run)
            self._answer(status, answer)

        def _answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"listening on http://127.0.0.1:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)
