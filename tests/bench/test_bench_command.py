"""``manage.py bench``: the CI smoke test (shape, not timings) and its safety rules.

The command runs in a child process, exactly as ``make bench`` runs it, with its own data
directory, so it cannot touch the test database or the developer's database.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from coord.bench.database import peer_available

ROOT = Path(settings.BASE_DIR)
FAST = ["field_crypto", "pii_guard", "case_create"]
FOLDED = ["audit_verify_cpu", "category_index"]


def _bench(tmp_path: Path, *args: str, database_url: str | None = None, timeout: int = 240):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "COORD_TEST_DB_NAME")}
    env["COORD_DATA_DIR"] = str(tmp_path / "var")
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "bench", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _assert_shape(report: dict, *, names: list[str]) -> None:
    assert report["scale"] == "small"
    assert isinstance(report["database"], str)
    assert set(report["scenarios"]) == set(names)
    for result in report["scenarios"].values():
        assert "skipped" in result or {"ours", "baseline", "ratio"} <= set(result)
        if "skipped" in result:
            continue
        assert {"p50_ms", "p95_ms", "per_s"} <= set(result["ours"])
        assert result["ours"]["p50_ms"] > 0
        assert result["ours"]["p95_ms"] >= result["ours"]["p50_ms"]
        if result["baseline"] is not None:
            assert {"p50_ms", "p95_ms", "per_s"} <= set(result["baseline"])
            if "ratio_ci95" not in result:  # category_index: several queries, fixed runs
                assert result["ratio"] == pytest.approx(
                    result["ours"]["p50_ms"] / result["baseline"]["p50_ms"], rel=0.02
                )
                continue
            low, high = result["ratio_ci95"]
            assert low <= result["ratio"] <= high
            assert result["converged"] or result["rounds"] == result["max_rounds"]


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("bench")
    done = _bench(tmp_path, "--scale", "small", "--json", "--repeat", "2", "--scenario", *FAST)
    return tmp_path, done


def test_it_prints_one_json_object_of_the_agreed_shape(small_run):
    _tmp, done = small_run
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["database"] == "sqlite"
    _assert_shape(report, names=FAST)


def test_it_never_writes_to_the_services_database(small_run):
    tmp_path, done = small_run
    assert done.returncode == 0, done.stderr[-2000:]
    service_db = tmp_path / "var" / "coord.sqlite3"
    if service_db.exists():  # created empty at most: no table of ours, no case in it
        tables = {
            row[0]
            for row in sqlite3.connect(service_db).execute(
                "SELECT name FROM sqlite_master WHERE type='table'"
            )
        }
        assert not {"cases_casesummary", "bench_plaincase"} & tables
    report = json.loads(done.stdout)
    assert report["database_name"] != str(service_db)
    assert not Path(report["database_name"]).exists()  # the bench database is gone


@pytest.fixture(scope="module")
def folded_run(tmp_path_factory):
    """The scenarios that replaced the ad-hoc bench_cases and audit_bench commands."""
    tmp_path = tmp_path_factory.mktemp("bench")
    done = _bench(tmp_path, "--scale", "small", "--json", "--repeat", "2", "--scenario", *FOLDED)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    _assert_shape(report, names=FOLDED)
    return report["scenarios"]


def test_it_rates_the_verifier_per_cpu_second_over_the_whole_chain(folded_run):
    result = folded_run["audit_verify_cpu"]
    assert result["unit"] == "events/CPU-s"
    assert result["events"] >= 5_000  # the small scale's chain, and its checkpoint's event
    seconds = result["ours"]["p50_ms"] / 1000
    assert result["ours"]["per_s"] == pytest.approx(result["events"] / seconds, rel=0.02)


def test_it_times_each_category_read_on_the_index_table_and_on_the_json_lists(folded_run):
    result = folded_run["category_index"]
    assert result["cases"] == 5_000
    queries = result["queries"]
    assert set(queries) == {"trends_3y", "trends_1y", "count_value_1y", "list_page", "list_count"}
    assert {"child", "json"} <= set(queries["trends_3y"]) & set(queries["count_value_1y"])
    assert result["ours"] == queries["trends_3y"]["child"]
    assert result["baseline"] == queries["trends_3y"]["json"]


def test_it_shows_the_covering_index_answering_the_trends_query(folded_run):
    plans = folded_run["category_index"]["plans"]
    assert "cat_trends" in plans["trends_3y"]
    assert "cat_trends" not in plans["trends_3y_json"]


def test_it_refuses_an_unknown_scenario(tmp_path):
    done = _bench(tmp_path, "--scenario", "no_such_thing", "--json", timeout=60)
    assert done.returncode != 0
    assert "no_such_thing" in done.stderr


@pytest.mark.postgres
@pytest.mark.django_db
def test_it_runs_on_postgresql_in_a_database_of_its_own(tmp_path):
    url = os.environ["DATABASE_URL"]
    done = _bench(
        tmp_path,
        "--scale",
        "small",
        "--json",
        "--repeat",
        "2",
        "--scenario",
        "pii_guard",
        database_url=url,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["database"] == "postgresql"
    own = url.rsplit("/", 1)[1]
    assert report["database_name"].startswith(f"{own}_bench_")  # plus the run id
    assert report["database_name"] != settings.DATABASES["default"]["NAME"]
    _assert_shape(report, names=["pii_guard"])
    with connection.cursor() as cursor:  # dropped after the run
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [report["database_name"]])
        assert cursor.fetchone() is None


PEERS = all(peer_available(m) for m in ("auditlog", "encrypted_fields"))


@pytest.mark.skipif(not PEERS, reason="the peer stack needs the bench extra (make bench)")
def test_it_compares_a_create_with_the_plain_drf_one_and_the_peer_stack(small_run):
    _tmp, done = small_run
    result = json.loads(done.stdout)["scenarios"]["case_create"]
    assert result["baseline"]["runs"] == result["rounds"]
    peer = result["peers"]["peer_stack"]
    assert peer["runs"] == result["rounds"]
    assert peer["ratio_ci95"][0] <= peer["ratio"] <= peer["ratio_ci95"][1]
    assert result["met"] in (True, False)  # judged on both ratios


@pytest.mark.skipif(PEERS, reason="the bench extra is installed: the peer stack runs")
def test_it_says_when_the_peer_stack_could_not_run(small_run):
    _tmp, done = small_run
    result = json.loads(done.stdout)["scenarios"]["case_create"]
    assert "not installed" in result["peer_skipped"]
    assert "peers" not in result


@pytest.mark.postgres
def test_it_appends_from_one_process_per_writer_with_no_fork_on_postgresql(tmp_path):
    done = _bench(
        tmp_path,
        "--scale",
        "small",
        "--json",
        "--scenario",
        "audit_append",
        database_url=os.environ["DATABASE_URL"],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)["scenarios"]["audit_append"]
    assert "one process per writer" in result["notes"]
    assert (result["forks"], result["errors"], result["chain_ok"]) == (0, 0, True)
    assert result["appended"] == result["ours"]["runs"] + result["single_writer_runs"]
