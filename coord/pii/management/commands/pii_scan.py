"""``manage.py pii_scan``: scan text from stdin for direct identifiers (kind and span only)."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coord.pii.guard import scan


def _result(text: str) -> dict[str, Any]:
    return {"findings": [{"kind": f.kind, "start": f.start, "end": f.end} for f in scan(text)]}


class Command(BaseCommand):
    help = (
        "Scan stdin for personal identifiers; print {'findings': [...]} (never the matched text). "
        "Exit 1 if anything was found, 0 if nothing, 2 if some input could not be read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jsonl",
            action="store_true",
            help='Read one JSON object per line ({"text": ...}); print one result per line.',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.unreadable = False
        stream = getattr(sys.stdin, "buffer", sys.stdin)
        if options["jsonl"]:
            found = self._jsonl(stream)
        else:
            data = stream.read()
            if isinstance(data, bytes):
                data = data.decode("utf-8", errors="replace")
            found = self._plain(data)
        self.stdout.flush()
        # A line that could not be read was not scanned: never report it as clean.
        sys.exit(1 if found else 2 if self.unreadable else 0)

    def _plain(self, text: str) -> bool:
        result = _result(text)
        self.stdout.write(json.dumps(result))
        return bool(result["findings"])

    def _jsonl(self, stream: Any) -> bool:
        found = False
        for lineno, line in enumerate(stream, start=1):
            if isinstance(line, bytes):
                try:
                    line = line.decode("utf-8")
                except UnicodeDecodeError:
                    self._line_error(lineno, "not valid UTF-8")
                    continue
            if not line.strip():
                self._line_error(lineno, "empty line")
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                self._line_error(lineno, f"not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                self._line_error(lineno, 'expected an object with a string "text" field')
                continue
            result = _result(obj["text"])
            found = found or bool(result["findings"])
            self.stdout.write(json.dumps(result))
        return found

    def _line_error(self, lineno: int, reason: str) -> None:
        """Report a bad line on stdout (keeping one output line per input) and on stderr.

        The reason never quotes the line: it may hold the very identifiers we guard.
        """
        self.unreadable = True
        self.stderr.write(f"line {lineno}: {reason}")
        self.stdout.write(json.dumps({"line": lineno, "error": reason}))
