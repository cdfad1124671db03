"""The witness script (scripts/audit_witness.py) run against this service in-process:
``manage.py audit_witness`` and the tests. The script's own checks run unchanged; only its
HTTP fetch is replaced by a ``fetch(path) -> JSON`` the caller gives (the local producers,
or Django's test client)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_witness.py"

Fetch = Callable[[str], Any]


def load_script() -> ModuleType:
    """A private copy of the witness script's module (so patching its fetch touches no
    other user of it)."""
    spec = importlib.util.spec_from_file_location("coord_audit_witness_script", SCRIPT)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the witness script {SCRIPT}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def local_fetch(path: str) -> Any:
    """Answer the two witness endpoints from this database, as the API would."""
    from coord.audit.selectors import audit_consistency_proof, audit_sth_get
    from coord.audit.sth import sth_as_json

    parts = urlsplit(path)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    if parts.path.endswith("/api/v1/audit/sth/"):
        sth = audit_sth_get()
        return None if sth is None else sth_as_json(sth)
    if parts.path.endswith("/api/v1/audit/proofs/consistency/"):
        first, second = int(query["first"]), int(query["second"])
        proof = audit_consistency_proof(first=first, second=second)
        return {"first": first, "second": second, "proof": [h.hex() for h in proof or []]}
    raise ValueError(f"no such witness endpoint: {path}")


def witness_check(*, url: str, state: str, key, fetch: Fetch) -> tuple[int, str]:
    """One witness run: ``(exit status, line)`` exactly as the script's ``main`` decides it
    (0 ok, 1 a check failed, 2 could not check)."""
    script = load_script()

    def fetch_json(full_url: str, token: str) -> Any:
        return fetch(full_url[len(url) :] if full_url.startswith(url) else full_url)

    script.fetch_json = fetch_json
    try:
        return 0, script.check(url, "-", state, key)
    except script.CheckFailedError as exc:
        return 1, f"AUDIT WITNESS CHECK FAILED for {url}: {exc}"
    except script.CannotCheckError as exc:
        return 2, f"audit witness could not check {url}: {exc}"
