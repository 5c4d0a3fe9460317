"""``dayledger serve``: the ledger as a web page with a time slider, and an HTTP JSON API (``cli.web``)."""

from __future__ import annotations

import click

from cli.options import session, whole_option

__all__ = ["serve"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on; any but loopback needs a token.")
@whole_option("--port", low=0, high=65535, default=8600, show_default=True, help="The port; 0: any free one, said on start")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the browser once the server is up.")
@click.option(
    "--token-file", metavar="FILE",
    help="A file holding the token every request must carry (made, owner-only, if it does not exist); else $DAYLEDGER_SERVE_TOKEN. "
    "Binding an address other than loopback without either uses serve-token in the state folder.",
)
def serve(host: str, port: int, open_browser: bool, token_file: str | None) -> None:
    """Serve the ledger on http://HOST:PORT/: Today, Tasks, a task, a day, a project's timeline and the
    reports, each with a slider through your past (as_of) and the ledger's knowledge (known_at); and the
    same reads and writes as JSON under /api (described at /openapi.json). Writes are recorded with
    source web. Ctrl-C stops it."""
    import socket

    import uvicorn

    from cli.web.app import create_app
    from cli.web.commands import Runner
    from cli.web.security import is_loopback, load_token

    s = session()
    token = load_token(token_file, required=not is_loopback(host))
    s.reader()  # a ledger that cannot be opened (a wrong key, a foreign file) is refused before serving
    s.close()
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # so asyncio sets TCP_NODELAY on each connection
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)  # connections wait in the backlog from the moment the address is said
    except OSError as e:
        from engine.rules.errors import LedgerError

        raise LedgerError(f"cannot listen on {host}:{port}: {e.strerror}") from None
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    hosts = frozenset({host.lower(), "localhost", "127.0.0.1", "::1"} if is_loopback(host) else set())
    app = create_app(Runner(s), token=token, hosts=hosts)
    url = f"http://{shown}:{bound}/"
    click.echo(f"dayledger: serving {url}{' (a token is needed)' if token else ''}; Ctrl-C stops it", err=True)
    click.echo(url)
    import sys

    sys.stdout.flush()
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(0.5, webbrowser.open, [url + (f"?token={token}" if token else "")]).start()
    _settle(app)
    # An open page holds a stream of the ledger's changes (cli.web.live): stop without waiting for it.
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", timeout_graceful_shutdown=1)
    uvicorn.Server(config).run(sockets=[sock])


def _settle(app: object) -> None:
    """Load what the reads will use, then set all of it aside from Python's cycle collector: it
    lives as long as the server, and walking its objects again at every full collection would
    make the request it falls on slow."""
    import gc

    from cli.main import cli
    from cli.web.commands import READS

    root = click.Context(cli, info_name="dayledger")
    for name in sorted(READS):
        cli.get_command(root, name)
    import projections.queries.agenda
    import projections.queries.as_of
    import projections.queries.task_filter  # noqa: F401
    from cli.web.pages import TEMPLATES

    for name in TEMPLATES.list_templates():
        TEMPLATES.get_template(name)
    gc.collect()
    gc.freeze()
