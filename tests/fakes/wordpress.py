"""A fake WordPress site: ``/wp-json/wp/v2/posts`` with paging, ``after``, ``author``, private
posts behind basic auth (an application password), and ``/wp-json/wp/v2/users``."""

from __future__ import annotations

import base64
import json
import math
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.server import Answer, Request

USER, PASSWORD = "phil", "abcd EFGH 1234 ijkl MNOP 5678"
USERS = [{"id": 1, "name": "Phil", "slug": "phil"}, {"id": 2, "name": "Anna Guest", "slug": "anna"}]

LISTS_POST = """<p>Do a big ride today because the weather looks wet later.</p>
<p>[2604.21691] There Will Be a Scientific Theory of Deep Learning</p>
<p><strong>Tasks</strong></p>
<ul>
<li><del>Bills</del></li>
<li><s>Dishes</s></li>
<li>The Bicycle Escape &#8211; Appointment for Tuesday morning
<ul>
<li>see <a href="https://example.com/ritchey">the Ritchey wheel</a></li>
<li>headset notes
<ul><li>creaks when cold</li></ul>
</li>
</ul>
</li>
<li>Work on pancake printer post</li>
</ul>
<h2>SBIRs</h2>
<ol>
<li>Re-map and cluster the original narratives</li>
<li><strike>Send the budget</strike></li>
</ol>
"""


@dataclass
class Site:
    posts: list[dict[str, Any]] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)

    def add(self, post_id: int, day: str, title: str, content: str, *, author: int = 1, status: str = "publish", modified: str | None = None) -> None:
        self.posts.append(
            {
                "id": post_id,
                "date": f"{day}T21:00:00",
                "date_gmt": f"{day}T19:00:00",
                "modified_gmt": modified or f"{day}T19:00:00",
                "status": status,
                "author": author,
                "link": f"https://blog.example/?p={post_id}",
                "title": {"rendered": title},
                "content": {"rendered": content, "protected": False},
            }
        )

    def edit(self, post_id: int, content: str, modified: str) -> None:
        post = next(p for p in self.posts if p["id"] == post_id)
        post["content"]["rendered"] = content
        post["modified_gmt"] = modified

    def __call__(self, request: Request) -> Answer:
        self.requests.append(request)
        logged_in = request.headers.get("authorization") == "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if "authorization" in request.headers and not logged_in:
            return _json(401, {"code": "invalid_username", "message": "Unknown username.", "data": {"status": 401}})
        if request.path == "/wp-json/wp/v2/users":
            wanted = request.query.get("search", "").casefold()
            return _json(200, [u for u in USERS if wanted in u["name"].casefold() or wanted in u["slug"]])
        if request.path != "/wp-json/wp/v2/posts":
            return _json(404, {"code": "rest_no_route", "message": "No route was found matching the URL and request method."})
        statuses = request.query.get("status", "publish").split(",")
        if "private" in statuses and not logged_in:
            return _json(400, {"code": "rest_invalid_param", "message": "Invalid parameter(s): status"})
        selected = [p for p in self.posts if p["status"] in statuses]
        if "after" in request.query:
            selected = [p for p in selected if p["date"] > request.query["after"]]
        if "author" in request.query:
            selected = [p for p in selected if str(p["author"]) == request.query["author"]]
        selected.sort(key=lambda p: p["date"], reverse=request.query.get("order") != "asc")
        per_page = int(request.query.get("per_page", 10))
        page = int(request.query.get("page", 1))
        pages = max(1, math.ceil(len(selected) / per_page))
        if page > pages:
            return _json(400, {"code": "rest_post_invalid_page_number", "message": "The page number requested is larger than the number of pages available."})
        chunk = selected[(page - 1) * per_page : page * per_page]
        return _json(200, chunk, {"X-WP-Total": str(len(selected)), "X-WP-TotalPages": str(pages)})


def _json(status: int, data: Any, headers: dict[str, str] | None = None) -> Answer:
    return Answer(status, json.dumps(data).encode(), {"Content-Type": "application/json; charset=UTF-8", **(headers or {})})


def blog() -> Site:
    """Seven public posts (three pages of three), one by a guest, one private."""
    site = Site()
    site.add(11, "2026-04-20", "Phil 4.20.2026", "<p>Quiet day.</p><p><b>Tasks</b></p><ul><li>Continue filling out permissions spreadsheet</li></ul>")
    site.add(12, "2026-04-21", "Phil 4.21.2026", LISTS_POST)
    site.add(13, "2026-04-22", "Phil 4.22.2026", "<p>Tasks</p><ul><li>Continue filling out permissions spreadsheet &#8211; done</li></ul>")
    site.add(14, "2026-04-23", "Weekend thoughts", "<p>Thinking about <a href=\"https://example.com/bikes\">bikes</a>.</p>")
    site.add(15, "2026-04-24", "Anna 4.24.2026", "<p>A guest post.</p>", author=2)
    site.add(16, "2026-04-25", "Phil 4.25.2026", "<p>Rest day.</p>")
    site.add(17, "2026-04-26", "Phil 4.26.2026", "<p>Back at it.</p>")
    site.add(18, "2026-04-26", "Phil private 4.26.2026", "<p>A private thought.</p>", status="private")
    return site
