"""Reading a blog's posts through the WordPress REST API (``/wp-json/wp/v2/posts``).

All pages are read (``page``, ``per_page``, the ``X-WP-TotalPages`` header) before anything
is imported, so a blog that fails half way changes nothing. With a user and an application
password (HTTP basic auth), private posts are asked for too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from html import unescape
from typing import Any

import httpx

from engine.rules.errors import InvalidInputError, NotFoundError, RemoteError
from engine.storage.http import HttpPolicy, RemoteStatusError, get

__all__ = ["Post", "PostQuery", "fetch_posts", "site_url"]

SERVICE = "WordPress"
MAX_PAGES = 1000
MAX_TOTAL_BYTES = 64 * 1024 * 1024  # every page together: posts are held until the import, whole or not at all


@dataclass(frozen=True)
class Post:
    id: int
    date: datetime  # when it was published, in the site's zone (naive, as the API gives it)
    modified_gmt: datetime  # the revision: when it was last edited (UTC)
    title: str  # plain text
    content_html: str
    link: str


@dataclass(frozen=True)
class PostQuery:
    after: datetime | None = None
    author: str | None = None  # a name, a slug or a numeric id
    per_page: int = 100
    private: bool = False  # also private posts (needs a login)


def site_url(text: str) -> str:
    """The site's root URL (``https://blog.example``), checked."""
    url = text.strip().rstrip("/")
    if "://" not in url:
        url = f"https://{url}"
    if not url.startswith(("http://", "https://")) or not httpx.URL(url).host:
        raise InvalidInputError(f"{text!r} is not the URL of a site (e.g. https://blog.example)")
    return url


def fetch_posts(
    client: httpx.Client,
    site: str,
    query: PostQuery,
    *,
    policy: HttpPolicy,
    progress: Callable[[int, int], None] | None = None,
) -> list[Post]:
    """Every post the query selects, oldest first."""
    base = f"{site}/wp-json/wp/v2"
    params: dict[str, str | int] = {"per_page": query.per_page, "orderby": "date", "order": "asc"}
    if query.after is not None:
        params["after"] = query.after.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    if query.private:
        params["status"] = "publish,private"
    if query.author:
        params["author"] = _author_id(client, base, query.author, policy)
    posts: list[Post] = []
    page, pages, total = 1, 1, 0
    while page <= pages:
        reply = _get(client, f"{base}/posts", {**params, "page": page}, policy, site)
        total += len(reply.content)
        if total > MAX_TOTAL_BYTES:
            raise RemoteError(
                f"{SERVICE} at {site}: its posts come to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MiB by page {page}; "
                "nothing was imported (import less at a time: --since, --author)"
            )
        pages = min(MAX_PAGES, _int(reply.headers.get("x-wp-totalpages"), default=1))
        posts.extend(_post(raw, site) for raw in _json_list(reply.content, site))
        if progress is not None:
            progress(page, pages)
        page += 1
    return posts


def _get(client: httpx.Client, url: str, params: dict[str, str | int], policy: HttpPolicy, site: str) -> Any:
    try:
        return get(client, url, params=params, service=SERVICE, policy=policy)
    except RemoteStatusError as e:
        if e.status_code in (401, 403):
            raise RemoteError(
                f"{SERVICE} at {site} refused the login (answered {e.status_code}): check the user and the "
                "application password (DAYLEDGER_WP_PASSWORD)"
            ) from None
        if e.status_code == 404:
            raise RemoteError(f"{SERVICE} at {site}: no REST API at {url} (is it a WordPress site?)") from None
        raise


def _author_id(client: httpx.Client, base: str, author: str, policy: HttpPolicy) -> int:
    if author.isdigit():
        return int(author)
    reply = _get(client, f"{base}/users", {"search": author, "per_page": 100}, policy, base.rsplit("/wp-json", 1)[0])
    users = _json_list(reply.content, base)
    wanted = author.casefold()
    for user in users:
        if isinstance(user, dict) and wanted in (str(user.get("name", "")).casefold(), str(user.get("slug", "")).casefold()):
            found = user.get("id")
            if not isinstance(found, int) or isinstance(found, bool):
                raise RemoteError(f"{SERVICE} at {base.rsplit('/wp-json', 1)[0]} answered an author {author!r} without a numeric id ({found!r})")
            return found
    raise NotFoundError(f"no author {author!r} on {base.rsplit('/wp-json', 1)[0]}")


def _json_list(content: bytes, site: str) -> list[Any]:
    try:
        data = json.loads(content)
    except ValueError:
        raise RemoteError(f"{SERVICE} at {site} answered something that is not JSON") from None
    if not isinstance(data, list):
        raise RemoteError(f"{SERVICE} at {site} answered JSON that is not a list of posts")
    return data


def _post(raw: Any, site: str) -> Post:
    try:
        if not isinstance(raw["id"], int) or not isinstance(raw["content"]["rendered"], str) or not isinstance(raw["title"]["rendered"], str):
            raise TypeError("its id must be a whole number, its title and content text")
        return Post(
            id=int(raw["id"]),
            date=datetime.fromisoformat(raw["date"]),
            modified_gmt=datetime.fromisoformat(raw.get("modified_gmt") or raw["date_gmt"]).replace(tzinfo=UTC),
            title=" ".join(unescape(_strip_tags(raw["title"]["rendered"])).split()),
            content_html=str(raw["content"]["rendered"]),
            link=str(raw.get("link") or f"{site}/?p={raw['id']}"),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise RemoteError(f"{SERVICE} at {site} answered a post this cannot read ({type(e).__name__}: {e})") from None


def _strip_tags(html: str) -> str:
    import re

    return re.sub(r"<[^>]*>", "", str(html))


def _int(value: str | None, *, default: int) -> int:
    try:
        return max(1, int(value)) if value is not None else default
    except ValueError:
        return default
