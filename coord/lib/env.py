"""Typed environment-variable readers for settings.

They fail loudly with ImproperlyConfigured so a misconfigured deployment stops
at start-up instead of running with a silent default.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

DEV_KEY_HEADER = "# coord development key: never use in production"


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def envint(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def envfloat(
    name: str, default: float, *, minimum: float | None = None, maximum: float | None = None
) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}, got {value}")
    return value


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def envsecret(name: str, *, production: bool = False) -> str | None:
    """Read NAME, or the file named by NAME_FILE (Docker/Kubernetes secrets).

    In production a secret file readable by group or others is refused.
    """
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE")
    if value and path:
        raise ImproperlyConfigured(f"set either {name} or {name}_FILE, not both")
    if path:
        return read_secret_file(Path(path), variable=f"{name}_FILE", production=production)
    return value or None


def read_secret_file(path: Path, *, variable: str, production: bool = False) -> str:
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ImproperlyConfigured(f"{variable}: cannot read {path} ({exc.strerror})") from None
    if production and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ImproperlyConfigured(f"{variable}: {path} must not be readable by others (chmod 600)")
    return text


def secret_body(text: str) -> str:
    """The secret without comment lines, so a key file can carry a header."""
    lines = [line.strip() for line in text.splitlines()]
    return "".join(line for line in lines if line and not line.startswith("#"))


def is_dev_key(text: str | None) -> bool:
    return bool(text) and DEV_KEY_HEADER in text


def ensure_dev_key_file(path: Path, make_secret) -> str:
    """Create a 0600 key file once (atomically, safe under parallel test workers)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(f"{DEV_KEY_HEADER}\n{make_secret()}\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text(encoding="utf-8")
