"""The site works without internet: a page asks nothing of any other origin."""

from __future__ import annotations

import pytest

from .support import KEY_PAGES, same_origin

# Material's version selector (extra.version.provider: mike) asks for the versions.json that
# `mike` writes above the version folders; a plain `mkdocs build`, as tested here, has none.
ONLY_IN_A_MIKE_PUBLICATION = ("/versions.json",)


@pytest.mark.parametrize("path", KEY_PAGES.values(), ids=KEY_PAGES.keys())
def test_page_loads_everything_from_its_own_origin(recorded, site_url, path):
    page = recorded.page
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    response = page.goto(path, wait_until="networkidle")

    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
    assert page.locator("article.md-content__inner h1").count() == 1, f"{path}: no page title"
    assert len(recorded.requests) > 1, "no sub-resource requested: the request log is not working"
    offenders = [url for url in recorded.requests if not same_origin(url, site_url)]
    assert offenders == [], (
        f"{path} requested other origins than {site_url}:\n" + "\n".join(offenders))
    missing = [line for line in failed if not line.endswith(ONLY_IN_A_MIKE_PUBLICATION)]
    assert missing == [], f"{path}: requests that failed on the site itself:\n" + "\n".join(missing)
