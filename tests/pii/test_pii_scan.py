"""manage.py pii_scan: stdin in, findings (kind and span only) out, exit status 1 on a find."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command


def run(monkeypatch, capsys, stdin: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
    with pytest.raises(SystemExit) as exit_info:
        call_command("pii_scan", *args)
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_it_prints_findings_and_exits_1(monkeypatch, capsys) -> None:
    code, out, _ = run(monkeypatch, capsys, "call 012 345 678 now")
    assert code == 1
    assert json.loads(out) == {"findings": [{"kind": "phone_number", "start": 5, "end": 16}]}


def test_it_exits_0_on_clean_text(monkeypatch, capsys) -> None:
    code, out, _ = run(monkeypatch, capsys, "She was 17 in 2019.")
    assert code == 0
    assert json.loads(out) == {"findings": []}


def test_it_prints_one_line_per_jsonl_input(monkeypatch, capsys) -> None:
    lines = [{"text": "clean narrative"}, {"text": "mail x@example.com"}]
    code, out, _ = run(monkeypatch, capsys, "".join(json.dumps(x) + "\n" for x in lines), "--jsonl")
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert results == [{"findings": []}, {"findings": [{"kind": "email", "start": 5, "end": 18}]}]


def test_it_exits_0_when_every_jsonl_line_is_clean(monkeypatch, capsys) -> None:
    code, _, _ = run(monkeypatch, capsys, '{"text": "a"}\n{"text": "b"}\n', "--jsonl")
    assert code == 0


def test_it_reports_a_malformed_line_without_its_text(monkeypatch, capsys) -> None:
    stdin = '{"text": "ok"}\n{"text": "call 012 345 678"\n["not an object"]\n'
    code, out, err = run(monkeypatch, capsys, stdin, "--jsonl")
    assert "line 2" in err and "line 3" in err
    assert "012 345 678" not in err and "012 345 678" not in out
    assert len(out.splitlines()) == 3
    assert code == 2


def test_it_reports_invalid_utf8_as_a_line_error(monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b'{"text": "\xff\xfe"}\n')))
    with pytest.raises(SystemExit) as exit_info:
        call_command("pii_scan", "--jsonl")
    assert exit_info.value.code == 2
    assert "line 1: not valid UTF-8" in capsys.readouterr().err


def test_it_reports_the_new_kinds(monkeypatch, capsys) -> None:
    code, out, _ = run(monkeypatch, capsys, "A pickup 29A-456.78 waited; her Line sweetmalee99.")
    kinds = [f["kind"] for f in json.loads(out)["findings"]]
    assert code == 1
    assert kinds == ["vehicle_plate", "social_handle"]
    assert "sweetmalee99" not in out
