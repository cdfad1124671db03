"""Page weight as a browser on a 2G connection pays it: the compressed page, and the
scripts and style sheets it loads, each compressed as served (issue 25's budgets). Used by
``tests/web/test_light_pages.py`` and ``scripts/page_weights.py``."""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.test import Client

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
_ASSET = re.compile(r'(?:src|href)="/static/([^"]+\.(?:js|css))"')


@dataclass(frozen=True)
class Weight:
    html: bytes  # the page, decompressed
    wire: int  # the page as sent (gzip)
    cold: int  # the page plus every script and style sheet, each as sent


def page_weight(client: Client, url: str) -> Weight:
    """The weight of ``url`` for ``client``; fails loudly on a page that is not a 200 in gzip."""
    response = client.get(url, **GZIP)
    if response.status_code != 200 or response.get("Content-Encoding") != "gzip":
        raise AssertionError(f"{url}: {response.status_code} {response.get('Content-Encoding')}")
    html = gzip.decompress(response.content)
    cold = len(response.content)
    for asset in sorted(set(_ASSET.findall(html.decode()))):
        path = finders.find(asset)
        if not path:
            raise AssertionError(f"{url}: {asset} is not a static file")
        with open(path, "rb") as f:
            cold += len(gzip.compress(f.read(), compresslevel=6))
    return Weight(html=html, wire=len(response.content), cold=cold)
