"""Stand-in for the CSV import API (use case: csv-import-schedules-api.md): Sundial calls
POST /imports at 00:00 New York time. An import takes a while, so the app answers 202 at once,
imports in the background, and reports progress and the outcome to Sundial with the run's token."""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from sundial_app import serve  # noqa: E402


def import_file(run):
    source = run.params.get("file", "nightly.csv")
    rows = 0
    for batch in range(1, 4):
        time.sleep(0.2)  # load a batch of rows into Postgres
        rows += 500
        run.log(f"{source}: loaded batch {batch} ({rows} rows)")
        run.progress(done=batch, total=3)
    if source.startswith("broken"):
        run.fail(f"{source}: line 17 has 4 columns, expected 5", retryable=False)
    else:
        run.succeed({"file": source, "rows": rows, "dry_run": run.test_mode})


def start(run):
    threading.Thread(target=import_file, args=(run,), daemon=True).start()
    return 202, {"accepted": True}


serve({"/imports": start}, port=os.environ.get("PORT", "8703"))
