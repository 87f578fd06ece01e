"""Stand-in for the bank-sync app (use cases: bank-sync-scheduler-plan.md, background-bank-sync.md)
as a Sundial remote worker: it claims runs of the `bank-sync` queue over the API, with the
Python client that ships with Sundial (clients/python/sundial_worker.py, standard library only).
Run it with SUNDIAL_URL and SUNDIAL_WORKER_KEY (a key of role worker, granted `bank-sync`)."""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "clients", "python"))
from sundial_worker import NonRetryable, SundialWorker  # noqa: E402

worker = SundialWorker(os.environ.get("SUNDIAL_URL", "http://localhost:3000"), os.environ["SUNDIAL_WORKER_KEY"])
RECEIVED = os.environ.get("RECEIVED_FILE")


@worker.task("bank-sync")
def sync(run):
    if RECEIVED:
        with open(RECEIVED, "a") as f:
            f.write(json.dumps({"run_id": run.id, "params": run.params, "test_mode": run.test_mode, "attempt": run.attempt,
                                "has_token": bool(run.config.get("settings", {}).get("token"))}) + "\n")
    token = run.config.get("settings", {}).get("token")
    if not token:
        raise NonRetryable("no provider token: set BANK_PROVIDER_TOKEN under Settings → Secrets")
    accounts = run.params.get("accounts") or ["checking", "savings"]
    synced = []
    for i, account in enumerate(accounts):
        run.check()  # stops here once the run is cancelled
        if account.startswith("closed"):
            run.log(f"{account}: the bank says the account is closed; skipped", "warn")
            continue
        if not run.test_mode:
            pass  # save the account's transactions in the app's database
        synced.append(account)
        run.log(f"{account}: 12 new transactions{' (dry run, not saved)' if run.test_mode else ''}")
        run.progress({"done": i + 1, "total": len(accounts)})
    return {"synced": synced, "dry_run": run.test_mode}


worker.run()
