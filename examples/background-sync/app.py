"""Stand-in for the budgeting app (use case: background-bank-sync.md): Sundial calls POST /sync
every 6 hours; the app syncs every connected user and answers with the counts."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from sundial_app import serve  # noqa: E402

USERS = ["ana", "ben", "chen"]


def sync(run):
    if run.test_mode:
        # A dry run: check each user's connection, write nothing.
        return 200, {"checked": len(USERS), "synced": 0, "dry_run": True}
    return 200, {"synced": len(USERS), "transactions": 12 * len(USERS), "run": run.id}


serve({"/sync": sync}, port=os.environ.get("PORT", "8701"))
