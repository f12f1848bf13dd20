"""How heavy the search is for an agent's browser: a built site, served locally, opened in
Debian's Chromium; prints the size of the index and the time until Material's search is ready
(its worker downloads search/search_index.json and builds the lunr index) and until a query
shows results, with the browser's memory then.

    .venv/bin/python bench/search_load.py SITE_DIR [QUERY]

A benchmark script (it prints figures), not a test. Needs `make browser-deps`.
"""

from __future__ import annotations

import gzip
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "browser"))

from support import SiteServer, launch_chromium

INITIALISING = "Initialisation de la recherche"  # Material's French text while the index loads
RUNS = 3


def measure(site: Path, query: str) -> dict:
    from playwright.sync_api import sync_playwright

    ready, answered, heap = [], [], []
    with SiteServer(site) as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for _ in range(RUNS):
            context = browser.new_context()
            page = context.new_page()
            page.goto(server.url + "/", wait_until="load")
            start = time.perf_counter()
            page.wait_for_function(
                "t => { const m = document.querySelector('.md-search-result__meta');"
                " return m && m.textContent.trim() !== '' && m.textContent.trim() !== t; }",
                arg=INITIALISING, timeout=600_000)
            ready.append(time.perf_counter() - start)
            box = page.locator("input.md-search__input")
            box.click()
            start = time.perf_counter()
            box.press_sequentially(query)
            page.locator(".md-search-result__item").first.wait_for(timeout=120_000)
            answered.append(time.perf_counter() - start)
            session = context.new_cdp_session(page)
            session.send("Performance.enable")
            metrics = {m["name"]: m["value"] for m in session.send("Performance.getMetrics")["metrics"]}
            heap.append(metrics.get("JSHeapUsedSize", 0) / 2**20)
            context.close()
        browser.close()
    index = site / "search" / "search_index.json"
    raw = index.read_bytes()
    return {"index_mb": len(raw) / 1e6, "gzip_mb": len(gzip.compress(raw, 6)) / 1e6,
            "ready_s": statistics.median(ready), "query_s": statistics.median(answered),
            "heap_mb": statistics.median(heap), "runs": RUNS}


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    site, query = Path(argv[0]), (argv[1] if len(argv) > 1 else "logement")
    r = measure(site, query)
    print(f"recherche {site}: index {r['index_mb']:.2f} Mo ({r['gzip_mb']:.2f} Mo compressé gzip), "
          f"prête en {r['ready_s']:.2f} s, résultats pour « {query} » en {r['query_s']:.2f} s, "
          f"tas JavaScript de la page {r['heap_mb']:.0f} Mo (médianes de {r['runs']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
