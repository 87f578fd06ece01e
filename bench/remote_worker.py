"""A no-op remote worker for bench/remote.ts: claims runs of queue "bench" until stopped."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "clients", "python"))

from sundial_worker import SundialWorker  # noqa: E402

worker = SundialWorker(os.environ["SUNDIAL_URL"], os.environ["SUNDIAL_WORKER_KEY"], name=sys.argv[1])


@worker.task("bench")
def noop(run):
    return None


print("ready", flush=True)
worker.run()
