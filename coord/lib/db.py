"""PostgreSQL session settings given at connect time (libpq ``options``), so they cost no
query and hold for every statement of the connection."""

from __future__ import annotations

import re

_TIMEOUT = re.compile(r"\s*-c statement_timeout=\d+")


def postgres_options(statement_timeout_ms: int) -> str:
    """``-c jit=off`` (PostgreSQL's JIT costs ~200 ms on our short OLTP queries, measured by
    ``manage.py bench``) and the statement timeout (0 = none)."""
    return f"-c jit=off -c statement_timeout={int(statement_timeout_ms)}"


def use_statement_timeout(database: dict, statement_timeout_ms: int) -> None:
    """Set the timeout of connections opened from now on with ``database`` (a
    ``DATABASES`` entry); a no-op for other engines."""
    if not database.get("ENGINE", "").endswith("postgresql"):
        return
    options = database.setdefault("OPTIONS", {})
    rest = _TIMEOUT.sub("", options.get("options", "")).strip()
    timeout = f"-c statement_timeout={int(statement_timeout_ms)}"
    options["options"] = f"{rest} {timeout}".strip()
