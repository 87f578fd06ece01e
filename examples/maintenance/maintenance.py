"""Stand-in for the social-sync tool's maintenance jobs (use case: maintenance-cron-dashboard-mail.md),
run by Sundial's `command` handler: `python3 maintenance.py <job>`. It works on the app's own
database (SQLite here, APP_DB), reads the run from SUNDIAL_* variables, prints its progress as
`::sundial:progress {...}` lines, and writes its result to SUNDIAL_RESULT_FILE."""
import json
import os
import sqlite3
import sys
import time


def progress(**p):
    print("::sundial:progress " + json.dumps(p), flush=True)


def seed(db):
    db.execute("create table if not exists sessions (id integer primary key, expires_at real)")
    if db.execute("select count(*) from sessions").fetchone()[0] == 0:
        now = time.time()
        db.executemany("insert into sessions (expires_at) values (?)", [(now - 3600,)] * 40 + [(now + 3600,)] * 10)
        db.commit()


def cleanup_sessions(db, dry_run):
    expired = db.execute("select count(*) from sessions where expires_at < ?", (time.time(),)).fetchone()[0]
    print(f"{expired} expired sessions", flush=True)
    progress(done=1, total=2)
    if not dry_run:
        db.execute("delete from sessions where expires_at < ?", (time.time(),))
        db.commit()
    progress(done=2, total=2)
    return {"expired": expired, "deleted": 0 if dry_run else expired}


JOBS = {"cleanup-sessions": cleanup_sessions}


def main():
    job = sys.argv[1] if len(sys.argv) > 1 else ""
    if job not in JOBS:
        print(f"unknown job {job!r}; jobs: {', '.join(JOBS)}", file=sys.stderr)
        sys.exit(78)  # EX_CONFIG: Sundial does not retry
    params = json.loads(os.environ.get("SUNDIAL_PARAMS") or "{}")
    dry_run = os.environ.get("SUNDIAL_TEST_MODE") == "true" or params.get("dryRun") is True
    print(f"run {os.environ.get('SUNDIAL_RUN_ID')}: {job}{' (dry run)' if dry_run else ''}", flush=True)
    db = sqlite3.connect(os.environ.get("APP_DB", "app.db"))
    seed(db)
    result = JOBS[job](db, dry_run)
    result.update(job=job, dry_run=dry_run, run_id=int(os.environ["SUNDIAL_RUN_ID"]))
    with open(os.environ["SUNDIAL_RESULT_FILE"], "w") as f:
        json.dump(result, f)


main()
