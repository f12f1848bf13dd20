"""What the browser tests and screenshots.py share: Chromium's launch, a static server, key pages.

No relative imports here: screenshots.py imports this module as a plain script neighbour.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-gpu"]
INSTALL_HINT = "run `make browser-deps` (or set PST_SKIP_BROWSER=1 to skip the browser tests)"

# The pages the offline and accessibility tests visit: one of each kind the generator makes.
KEY_PAGES = {
    "accueil": "/",
    "objectif-strategique": "/plan/os-1/",
    "objectif-operationnel": "/plan/oo-8/",  # with its continuity and the team's reading note
    "fiche-action": "/plan/action-7/",
    "tableau-de-bord": "/plan/tableau-de-bord/",
    "couverture-dps": "/dps/couverture/",
}


def launch_chromium(playwright):
    """Debian's Chromium, headless, with no background traffic (`playwright install` can't run
    here). Raises FileNotFoundError, with the fix in its message, when Chromium is missing."""
    if not CHROMIUM.is_file():
        raise FileNotFoundError(f"Chromium not found at {CHROMIUM}: {INSTALL_HINT}")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=CHROMIUM_ARGS)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep the test output clean
        pass


class SiteServer:
    """A threaded static server for a built site, on 127.0.0.1 and a free port.

    with SiteServer(folder) as server: ... server.url  (no trailing slash)
    """

    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        host, port = self.httpd.server_address[:2]
        self.url = f"http://{host}:{port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="site-server",
                                       daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


def same_origin(url: str, origin: str) -> bool:
    """True for a request to `origin`; data: and blob: URLs never leave the page."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob"):
        return True
    return f"{parts.scheme}://{parts.netloc}" == origin
