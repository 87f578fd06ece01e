"""Stand-in for the newsletter app (use case: newsletter-pipeline-scheduler.md). Sundial runs a
pipeline every day at 08:00 New York time: POST /newsletter/scrape, then /generate, then
/send. Each call's envelope carries the earlier steps' results under "steps", so the app keeps
no state between them. In test mode Sundial skips the send step."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from sundial_app import serve  # noqa: E402


def scrape(run):
    topics = run.params.get("topics", ["ai"])
    return 200, {"articles": [f"{t}-{i}" for t in topics for i in range(3)]}


def generate(run):
    articles = run.steps["scrape"]["body"]["articles"]
    topics = sorted({a.rsplit("-", 1)[0] for a in articles})
    return 200, {"title": f"Daily {', '.join(topics)}", "articles": len(articles)}


def send(run):
    issue = run.steps["generate"]["body"]
    return 200, {"sent": 1200, "title": issue["title"]}


serve({"/newsletter/scrape": scrape, "/newsletter/generate": generate, "/newsletter/send": send},
      port=os.environ.get("PORT", "8702"))
