"""A Sundial remote worker: runs the runs of `remote` tasks in this Python process.

Standard library only. See README.md beside this file.

    worker = SundialWorker("https://sundial.example.com", os.environ["SUNDIAL_WORKER_KEY"])

    @worker.task("bank-sync")
    def sync(run):
        run.log(f"syncing {run.params.get('account')}")
        return {"synced": 3}

    worker.run()

Stopping: the first SIGTERM or SIGINT stops claiming and lets the run in hand finish (and
report), then run() returns. A second one exits at once; the run's lease then runs out and
Sundial records it lost and retries it per the task's policy.
"""

import json
import logging
import os
import signal
import socket
import threading
import time
import traceback
import urllib.error
import urllib.request

__all__ = ["SundialWorker", "Run", "NonRetryable", "RetryAfter", "Cancelled", "SundialError"]

log = logging.getLogger("sundial_worker")

MAX_LOG_LINES = 500  # per request, as the API allows
MAX_LOG_CHARS = 8192


class NonRetryable(Exception):
    """Raise when trying again cannot help (bad credentials, bad input): the run fails without a retry."""


class RetryAfter(Exception):
    """Raise when told to slow down (a 429): the run is queued again after `seconds`, without counting an attempt."""

    def __init__(self, seconds, message=None):
        super().__init__(message or f"rate limited: retry after {seconds}s")
        self.seconds = seconds


class Cancelled(Exception):
    """Raised by run.check() once the run was cancelled (or timed out): stop work."""


class SundialError(Exception):
    def __init__(self, status, body):
        message = (body or {}).get("error", {}).get("message") if isinstance(body, dict) else None
        super().__init__(f"HTTP {status}: {message or body}")
        self.status = status
        self.body = body


class _Stop(BaseException):
    """Thrown from a signal handler to interrupt a long poll."""


class _Api:
    def __init__(self, url, credential):
        self.base = url.rstrip("/")
        self.credential = credential

    def post(self, path, body, token=None, timeout=15):
        """POST JSON; returns (status, body or None). 4xx/5xx raise SundialError."""
        req = urllib.request.Request(
            self.base + path,
            data=json.dumps(body, default=str).encode(),
            method="POST",
            headers={"content-type": "application/json", "authorization": f"Bearer {token or self.credential}"},
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as res:
                text = res.read().decode()
                return res.status, (json.loads(text) if text else None)
        except urllib.error.HTTPError as err:
            text = err.read().decode(errors="replace")
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = text
            raise SundialError(err.code, parsed) from None


class Run:
    """One claimed run: what the handler gets."""

    def __init__(self, api, claim):
        r = claim["run"]
        self.id = r["id"]
        self.task_id = r["taskId"]
        self.task_name = r["taskName"]
        self.attempt = r["attempt"]
        self.trigger = r["trigger"]
        self.scheduled_for = r["scheduledFor"]
        self.test_mode = r["testMode"]
        self.params = r["params"]
        self.config = r["config"]
        self.queue = r["queue"]
        # A pipeline's remote step: its name, and the results of the steps before it by name.
        self.step = r.get("step")
        self.steps = r.get("steps") or {}
        self.token = claim["token"]
        #: Set when someone cancelled the run, or its timeout or lease ran out: stop work.
        self.cancelled = threading.Event()
        self.cancel_requested = False
        self._api = api
        self._lines = []
        self._lock = threading.Lock()

    def log(self, message, level="info"):
        """Append a line to the run's log (sent in batches with the heartbeat and at the end)."""
        with self._lock:
            self._lines.append({"message": str(message)[:MAX_LOG_CHARS], "level": level})

    def progress(self, progress):
        """Report progress shown on the run, e.g. {"done": 40, "total": 100}."""
        self._report("progress", {"progress": progress})

    def check(self):
        """Raise Cancelled when the run was cancelled: call it between steps."""
        if self.cancelled.is_set():
            raise Cancelled("the run was cancelled" if self.cancel_requested else "the run's lease or timeout ran out")

    def flush(self):
        while True:
            with self._lock:
                batch, self._lines = self._lines[:MAX_LOG_LINES], self._lines[MAX_LOG_LINES:]
            if not batch:
                return
            self._report("logs", {"lines": batch})

    def _report(self, what, body):
        """POST to /runs/{id}/<what>; a 409 means this attempt is over, so work stops."""
        try:
            return self._api.post(f"/api/v1/runs/{self.id}/{what}", body, token=self.token)[1]
        except SundialError as err:
            if err.status == 409:
                self.cancelled.set()
                return None
            raise


class SundialWorker:
    def __init__(self, url, api_key, name=None):
        self.api = _Api(url, api_key)
        self.name = name or f"{socket.gethostname()}-{os.getpid()}"
        self.handlers = {}
        self.stopping = threading.Event()
        self._busy = False

    def task(self, queue):
        """Decorator: run this function for runs of `queue`. It gets a Run; what it returns is the result."""

        def register(fn):
            self.handlers[queue] = fn
            return fn

        return register

    def stop(self):
        self.stopping.set()

    def run(self, wait_seconds=30):
        """Claim and run until stopped (stop(), SIGTERM or SIGINT)."""
        if not self.handlers:
            raise ValueError("register a handler with @worker.task(queue) first")
        self._install_signals()
        failures = 0
        log.info("sundial worker %s polling %s", self.name, ", ".join(self.handlers))
        try:
            while not self.stopping.is_set():
                try:
                    status, claim = self.api.post(
                        "/api/v1/remote/claim",
                        {"worker": self.name, "queues": sorted(self.handlers), "waitSeconds": wait_seconds},
                        timeout=wait_seconds + 15,
                    )
                    failures = 0
                except SundialError as err:
                    if err.status in (401, 403, 422):
                        raise  # a wrong key, queue or name: retrying will not help
                    failures += 1
                except (OSError, ValueError) as err:  # unreachable, reset, timed out, a proxy's HTML
                    failures += 1
                    log.warning("claim failed: %s", err)
                else:
                    if status == 200:
                        self._execute(Run(self.api, claim), claim["heartbeatSeconds"])
                    continue
                self.stopping.wait(min(30, 2**failures))
        except _Stop:
            pass
        log.info("sundial worker %s stopped", self.name)

    def _install_signals(self):
        if threading.current_thread() is not threading.main_thread():
            return

        def handle(signum, _frame):
            # Idle (a long poll): leave now. Busy: finish the run in hand first; a second signal leaves at once.
            first = not self.stopping.is_set()
            self.stopping.set()
            if not self._busy or not first:
                raise _Stop()
            log.info("stopping after run in hand (signal %s again to leave now)", signum)

        signal.signal(signal.SIGTERM, handle)
        signal.signal(signal.SIGINT, handle)

    def _execute(self, run, heartbeat_seconds):
        self._busy = True
        done = threading.Event()
        beat = threading.Thread(target=self._heartbeat, args=(run, heartbeat_seconds, done), daemon=True)
        beat.start()
        try:
            outcome = self._call(run)
        finally:
            done.set()
            self._busy = False
        beat.join(timeout=5)
        self._finish(run, outcome)

    def _call(self, run):
        handler = self.handlers[run.queue]
        try:
            return {"status": "succeeded", "result": handler(run)}
        except RetryAfter as err:
            return {"status": "failed", "error": str(err), "retryAfterSeconds": err.seconds}
        except NonRetryable as err:
            return {"status": "failed", "error": str(err) or type(err).__name__, "retryable": False}
        except Exception as err:  # the handler's failure is the run's, never the worker's
            if run.cancel_requested:
                return {"status": "cancelled"}
            run.log(traceback.format_exc()[-MAX_LOG_CHARS:], "error")
            return {"status": "failed", "error": f"{type(err).__name__}: {err}"}

    def _heartbeat(self, run, every, done):
        while not done.wait(every):
            try:
                run.flush()
                state = run._report("heartbeat", {})
                if state and (state["cancelRequested"] or state["leaseSeconds"] <= 0):
                    run.cancel_requested = run.cancel_requested or state["cancelRequested"]
                    run.cancelled.set()
            except (SundialError, OSError, ValueError) as err:
                log.warning("heartbeat for run %s failed: %s", run.id, err)

    def _finish(self, run, outcome):
        # The end must reach Sundial: retried while the network is down, given up once the attempt is over (409).
        for wait in (0, 1, 2, 4, 8, 15):
            time.sleep(wait)
            try:
                run.flush()
                state = run._report("finish", outcome)
                if state is None:
                    log.warning("run %s was over before it finished (cancelled, timed out or lost); its outcome is dropped", run.id)
                return
            except SundialError as err:
                if err.status < 500:
                    log.error("run %s: Sundial refused its end: %s", run.id, err)
                    return
                log.warning("finishing run %s failed: %s", run.id, err)
            except (OSError, ValueError) as err:
                log.warning("finishing run %s failed: %s", run.id, err)
        log.error("gave up finishing run %s; its lease will run out and Sundial retries it", run.id)
