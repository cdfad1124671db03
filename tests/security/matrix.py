"""Harness for the URL authorization matrix (tests/security/test_url_matrix.py): walk every
URL pattern of the project and replay one request per principal in a rolled-back savepoint,
so a DELETE by one principal never changes what the next one sees."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.conftest import PRINCIPALS, World

# Third-party pages with their own access control, skipped by name (never by accident).
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {"schema", "api-docs"}
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. "web:case-detail"
    route: str
    methods: tuple[str, ...]  # what the view implements


def _methods(callback) -> tuple[str, ...]:
    """An APIView/class-based view says what it implements; a function view may take
    GET and POST (its own decorators refuse the rest)."""
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is None:
        return ("GET", "POST")
    names = ("get", "post", "put", "patch", "delete")
    return tuple(m.upper() for m in names if hasattr(view_class, m))


def walk(patterns=None, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    """Every named route of the project; an unnamed one is reported by its path."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in SKIPPED_NAMESPACES:
                continue
            yield from walk(
                entry.url_patterns,
                prefix + str(entry.pattern),
                f"{namespace}{ns}:" if ns else namespace,
            )
        elif isinstance(entry, URLPattern):
            name = (
                f"{namespace}{entry.name}" if entry.name else f"<unnamed {prefix}{entry.pattern}>"
            )
            if entry.name in SKIPPED_NAMES and not namespace:
                continue
            yield Route(name, prefix + str(entry.pattern), _methods(entry.callback))


def url_for(route: Route, world: World) -> str:
    keys = _CONVERTER.findall(route.route)
    return reverse(route.name, kwargs={k: world.kwargs[k] for k in keys})


def observe(route: Route, method: str, world: World, query: str = "") -> list[int]:
    """The status each principal gets, in ``PRINCIPALS`` order."""
    url = url_for(route, world) + (f"?{query}" if query else "")
    api = route.route.startswith("api/")
    statuses = []
    for principal in PRINCIPALS:
        cache.clear()  # throttle counters
        client = Client(raise_request_exception=False)
        if world.users[principal] is not None:
            client.force_login(world.users[principal])
        with transaction.atomic():
            if method in ("GET", "DELETE"):
                response = client.generic(method, url)
            elif api:
                response = client.generic(method, url, "{}", content_type="application/json")
            else:
                response = client.generic(
                    method, url, "", content_type="application/x-www-form-urlencoded"
                )
            statuses.append(response.status_code)
            transaction.set_rollback(True)
    return statuses
