"""Helpers shared by the key-management commands."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from django.core.management.base import CommandError

from coord.organisations.models import Organisation


def organisation_or_error(slug: str | None) -> Organisation | None:
    if slug is None:
        return None
    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        raise CommandError("No such organisation.")
    return org


class ProgressBar:
    """A plain text progress bar on stderr: redraws in place on a terminal, else one
    line per step so logs stay readable."""

    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30):
        self.label, self.stream, self.width = label, stream or sys.stderr, width
        self.started = time.monotonic()
        self.tty = getattr(self.stream, "isatty", lambda: False)()

    def __call__(self, done: int, total: int) -> None:
        fraction = 1.0 if not total else min(done / total, 1.0)
        filled = int(self.width * fraction)
        elapsed = max(time.monotonic() - self.started, 1e-9)
        line = (
            f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{done}/{total} {100 * fraction:5.1f}% {done / elapsed:,.0f}/s"
        )
        self.stream.write(("\r" + line) if self.tty else (line + "\n"))
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
