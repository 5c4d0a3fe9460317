"""``dayledger import wordpress SITE_URL``: a blog's posts imported as daily notes (a source
``cli.formats`` registers with this command of its own)."""

from __future__ import annotations

import os
import sys

import click

from cli.options import json_option, session, whole_option

__all__ = ["wordpress"]


@click.command(name="wordpress")
@click.argument("site")
@click.option("--since", metavar="WHEN", help="Only posts published from WHEN on.")
@click.option("--author", metavar="NAME", help="Only posts by this author (name, slug or id).")
@click.option("--match", "title_match", metavar="TITLE-PATTERN",
              help="Only posts whose title matches: 'Phil *' (shell-style, any case), or words it contains.")
@click.option("--user", metavar="USER", default=lambda: os.environ.get("DAYLEDGER_WP_USER"),
              help="Log in as USER with the application password in $DAYLEDGER_WP_PASSWORD (private posts too). "
              "Default: $DAYLEDGER_WP_USER.")
@click.option("--dry-run", is_flag=True, help="Read the posts and show what each would record; write nothing.")
@click.option("--date-order", type=click.Choice(["MDY", "DMY"], case_sensitive=False), default="MDY", show_default=True,
              help="How to read an all-numeric title date such as 4.5.2026 (MDY: April 5).")
@whole_option("--per-page", low=1, high=100, default=100, show_default=True, help="Posts per request")
@json_option
def wordpress(
    site: str,
    since: str | None,
    author: str | None,
    title_match: str | None,
    user: str | None,
    dry_run: bool,
    date_order: str,
    per_page: int,
) -> None:
    """Import a WordPress blog's posts as daily notes, through its REST API.

    Each post is a note (its title gives the day, else the day it was published), read like a
    note file: lists are tasks, struck-through items are done, links are kept. Importing again
    records only what is new, also in posts edited since.
    """
    from cli.import_report import finish_import
    from engine.importers.notes.recording import ImportOptions
    from engine.importers.wordpress.importing import PostFilter, import_posts
    from engine.importers.wordpress.posts import PostQuery, fetch_posts, site_url
    from engine.rules.errors import InvalidInputError
    from engine.storage.http import HttpPolicy, new_client

    s = session()
    url = site_url(site)
    password = os.environ.get("DAYLEDGER_WP_PASSWORD")
    if user and not password:
        raise InvalidInputError("--user needs the application password in DAYLEDGER_WP_PASSWORD")
    policy = HttpPolicy.from_env()
    query = PostQuery(
        after=s.when(since, direction="past") if since else None,
        author=author,
        per_page=per_page,
        private=bool(user),
    )
    show = not s.json and sys.stderr.isatty()
    with new_client(policy, auth=(user, password) if user and password else None) as client:
        posts = fetch_posts(client, url, query, policy=policy, progress=_progress if show else None)
    if show:
        click.echo("", err=True)
    options = ImportOptions(tz=s.tz, date_order=date_order.upper(), dry_run=dry_run)  # type: ignore[arg-type]
    report = import_posts(s.location, url, posts, options, PostFilter(title_match), views=s.views())
    finish_import(report, json=s.json, explain=False, about={"site": url, "posts": len(posts)})


def _progress(page: int, pages: int) -> None:
    click.echo(f"\rreading posts: page {page} of {pages}", err=True, nl=False)
