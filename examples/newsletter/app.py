"""Stand-in for the newsletter app (use case: newsletter-pipeline-scheduler.md): Sundial calls
POST /newsletter every day at 08:00 New York time; the app scrapes, generates and sends. In
test mode it scrapes and generates but does not send."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from sundial_app import serve  # noqa: E402


def newsletter(run):
    topics = run.params.get("topics", ["ai"])
    articles = [f"{t}-{i}" for t in topics for i in range(3)]   # scrape
    issue = {"title": f"Daily {', '.join(topics)}", "articles": len(articles)}  # generate
    sent = 0 if run.test_mode else 1200                          # send, unless a dry run
    return 200, {"scraped": len(articles), "generated": issue, "sent": sent, "dry_run": run.test_mode}


serve({"/newsletter": newsletter}, port=os.environ.get("PORT", "8702"))
