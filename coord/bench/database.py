"""The bench database: a fresh, migrated database for one run, dropped afterwards.

The ``default`` alias is pointed at it with Django's own test-database machinery, so every
service, selector and audit append of the product writes there and never into the user's
database: ``<name>_bench_<run id>`` on PostgreSQL, a SQLite file in a temporary directory on
SQLite. The peer libraries that need tables (django-auditlog) are added to the app registry
for the run only, and the baseline tables are created in the bench database only.
"""

from __future__ import annotations

import importlib.util
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections

# Peer apps that bring their own tables, installed for the bench run only.
PEER_APPS = ("auditlog",)


def peer_available(module: str) -> bool:
    """Whether a peer library (the ``bench`` extra of pyproject.toml) is installed."""
    return importlib.util.find_spec(module) is not None


@contextmanager
def bench_database(*, verbosity: int = 0, keep: bool = False) -> Iterator[dict[str, str]]:
    """Create, migrate and yield a separate database; drop it on exit (unless ``keep``).

    Yields ``{"vendor", "name", "url"}`` (``url`` lets a gunicorn child use it too).
    """
    extra = [a for a in PEER_APPS if a not in settings.INSTALLED_APPS and peer_available(a)]
    if extra:
        apps.set_installed_apps([*settings.INSTALLED_APPS, *extra])
    connection = connections["default"]
    original = dict(connection.settings_dict)
    tmpdir: Path | None = None
    test = connection.settings_dict.setdefault("TEST", {})
    saved_test_name = test.get("NAME")
    if connection.vendor == "sqlite":
        tmpdir = Path(tempfile.mkdtemp(prefix="coord-bench-"))
        test["NAME"] = str(tmpdir / "bench.sqlite3")
    else:
        test["NAME"] = bench_database_name(original["NAME"])
    if test["NAME"] == original["NAME"]:
        raise CommandError("the bench database would be the service's own database: refusing")
    created = False
    try:
        name = connection.creation.create_test_db(
            verbosity=verbosity, autoclobber=True, serialize=False
        )
        created = True
        from coord.bench.baseline import create_baseline_tables

        create_baseline_tables()
        yield {"vendor": connection.vendor, "name": name, "url": _url(original, name)}
    finally:
        connections.close_all()
        if created and not keep:
            connection.creation.destroy_test_db(original["NAME"], verbosity=verbosity)
        elif created:
            connection.settings_dict["NAME"] = original["NAME"]
            settings.DATABASES["default"]["NAME"] = original["NAME"]
        test["NAME"] = saved_test_name
        if extra:
            apps.unset_installed_apps()
        if tmpdir is not None and not keep:
            shutil.rmtree(tmpdir, ignore_errors=True)


def bench_database_name(name: str, run_id: str | None = None) -> str:
    """``<DATABASE_URL's name>_bench_<run id>``: two runs on one server never share (or
    drop) each other's database (issue 22). Cut to PostgreSQL's 63-byte identifiers."""
    suffix = f"_bench_{run_id or secrets.token_hex(4)}"
    return name[: 63 - len(suffix)] + suffix


def _url(original: dict, name: str) -> str:
    """A DATABASE_URL for the bench database (used by the load test's gunicorn)."""
    if original["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{name}"
    user = original.get("USER") or ""
    password = f":{original['PASSWORD']}" if original.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = original.get("HOST") or "127.0.0.1"
    port = f":{original['PORT']}" if original.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{name}"
