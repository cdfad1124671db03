"""``manage.py bench``: each guarantee against the same work without it, on a separate database.

Examples::

    manage.py bench --scale small --json
    manage.py bench --scenario partner_list trends_1m --sizes 10000,100000,1000000
    manage.py bench --scenario load
"""

from __future__ import annotations

import itertools
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path
from typing import Any

# Import DRF's views before anything reads api_settings: coord.lib.api imports
# rest_framework.views at module level, and when DRF's own system check imports
# coord.lib.api first (seen on PostgreSQL) the two modules import each other half-done.
import rest_framework.views  # noqa: F401
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import clear_url_caches

from coord.bench import scenarios
from coord.bench.database import bench_database

LOAD = "load"


class Command(BaseCommand):
    help = (
        "Benchmark the service against plain Django and peer libraries on a throw-away "
        "database (never the service's own). See docs/performance.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scenario",
            nargs="+",
            choices=[*scenarios.SCENARIOS, LOAD],
            metavar="NAME",
            help=f"scenarios to run (default: all but {LOAD}): "
            + ", ".join([*scenarios.SCENARIOS, LOAD]),
        )
        parser.add_argument("--scale", choices=list(scenarios.SCALES), default="small")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--repeat",
            type=int,
            default=None,
            metavar="N",
            help="rounds per scenario at least (more until the ratio settles, at most 5x)",
        )
        parser.add_argument(
            "--sizes",
            default="",
            metavar="N,N,...",
            help="also run partner_list and trends_1m at each case count (growth study)",
        )
        parser.add_argument(
            "--load-seconds", type=int, default=48, help="load test length (at most 60)"
        )
        parser.add_argument(
            "--keep", action="store_true", help="keep the bench database (for profiling)"
        )
        parser.add_argument(
            "--no-jit",
            action="store_true",
            help="PostgreSQL: SET jit = off on every bench connection (see docs/performance.md)",
        )
        parser.add_argument(
            "--profile",
            metavar="DIR",
            default="",
            help="write a pyinstrument profile of each scenario to DIR/<name>.txt",
        )

    def handle(self, *args, **options):
        if options["repeat"] is not None and options["repeat"] < 1:
            raise CommandError("--repeat must be at least 1")
        try:
            sizes = [int(s) for s in options["sizes"].split(",") if s.strip()]
        except ValueError:
            raise CommandError("--sizes takes comma-separated case counts") from None
        # With --sizes alone, only the growth study runs (it needs the smallest size first).
        selected = options["scenario"] or ([] if sizes else list(scenarios.SCENARIOS))
        if any(a >= b for a, b in itertools.pairwise(sizes)):
            raise CommandError("--sizes must grow: the data set is only ever added to")
        scale = scenarios.SCALES[options["scale"]]
        settings.DEBUG = False  # no query log: measure what production runs
        # Measure the work, not the rate limit: lift every scoped throttle for this process,
        # the API's and the web forms' (coord.lib.middleware.FormThrottle reads the settings).
        from rest_framework.settings import api_settings

        from coord.lib.api import ScopedThrottle

        ScopedThrottle.THROTTLE_RATES = dict.fromkeys(ScopedThrottle.THROTTLE_RATES)
        api_settings.DEFAULT_THROTTLE_RATES.update(
            dict.fromkeys(api_settings.DEFAULT_THROTTLE_RATES)
        )
        started = time.perf_counter()
        report: dict[str, Any] = {"scale": scale.name, "scenarios": {}}
        # Other work on the machine skews every figure: record how busy it was.
        report["load_average"] = {"start": round(os.getloadavg()[0], 1)}

        def log(message: str) -> None:
            self.stderr.write(message)
            self.stderr.flush()

        with bench_database(keep=options["keep"]) as db:
            report["database"] = db["vendor"]
            report["database_name"] = db["name"]
            report["machine"] = _machine()
            settings.ROOT_URLCONF = "coord.bench.urls"
            clear_url_caches()
            from coord.crypto.keys import clear_key_cache

            clear_key_cache()
            bench = scenarios.Bench(scale, log=log, runs=options["repeat"])
            if options["no_jit"]:
                _disable_jit()
            report["jit"] = _jit_setting()
            if sizes:
                report["growth"] = {}
                for size in sizes:
                    log(f"bench: growth at {size} cases ...")
                    report["growth"][str(size)] = {
                        "partner_list": _run(
                            "partner_list", lambda s=size: scenarios.partner_list(bench, cases=s)
                        ),
                        "trends_1m": _run(
                            "trends_1m", lambda s=size: scenarios.trends_1m(bench, cases=s)
                        ),
                    }
            with scenarios.sequencer_off_the_request_path():
                for name in selected:
                    if name == LOAD:
                        continue
                    log(f"bench: {name} ...")
                    report["scenarios"][name] = _run(
                        name,
                        lambda n=name: scenarios.SCENARIOS[n](bench),
                        profile_dir=options["profile"],
                        bench=bench,
                    )
            if LOAD in selected:
                from coord.bench.load import load_test

                log("bench: load test against gunicorn on 127.0.0.1 ...")
                report["load"] = _run(
                    LOAD,
                    lambda: load_test(
                        bench, database_url=db["url"], seconds=min(60, options["load_seconds"])
                    ),
                )
        report["seconds"] = round(time.perf_counter() - started, 1)
        report["load_average"]["end"] = round(os.getloadavg()[0], 1)
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2))
        else:
            self.stdout.write(format_table(report))
        failed = [n for n, r in report["scenarios"].items() if "error" in r]
        if report.get("load", {}).get("error"):
            failed.append(LOAD)
        if failed:
            raise CommandError(f"scenarios failed: {', '.join(failed)}")


def _disable_jit() -> None:
    from django.db import connection
    from django.db.backends.signals import connection_created

    def off(sender, connection, **kwargs) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET jit = off")

    connection_created.connect(off, weak=False, dispatch_uid="coord-bench-no-jit")
    if connection.connection is not None:
        off(None, connection)


def _jit_setting() -> str | None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        return cursor.fetchone()[0]


def _run(name: str, fn, *, profile_dir: str = "", bench=None) -> dict[str, Any]:
    """One scenario's result, with its target; ``profile_dir``: its pyinstrument profile,
    data generation left out (``Bench.unprofiled``)."""
    profiler = None
    if profile_dir:
        from pyinstrument import Profiler

        profiler = Profiler(async_mode="disabled")
        if bench is not None:
            bench.profiler = profiler
        profiler.start()
    try:
        result = fn()
    except scenarios.Skip as exc:
        return {"skipped": str(exc)}
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        return {"error": f"{type(exc).__name__}: {exc}"}
    finally:
        if profiler is not None:
            if profiler.is_running:
                profiler.stop()
            if bench is not None:
                bench.profiler = None
            path = Path(profile_dir) / f"{name}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(profiler.output_text(unicode=False, show_all=False))
    if name in scenarios.TARGETS:
        result["target"] = scenarios.TARGETS[name]
        result["met"] = scenarios.target_met(name, result)
    return result


def _machine() -> dict[str, Any]:
    info: dict[str, Any] = {"cpus": os.cpu_count(), "python": platform.python_version()}
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as fh:
            info["memory_gb"] = round(int(fh.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    return str(value)


def format_table(report: dict[str, Any]) -> str:
    """The human-readable table (Markdown, so it pastes into docs/performance.md)."""
    head = (
        "| scenario | ours p50 ms | ours p95 ms | ours /s | baseline p50 ms | baseline /s "
        "| ratio | unit | target | met |"
    )
    lines = [
        f"database: {report.get('database')} ({report.get('database_name')}), "
        f"scale: {report['scale']}, {report.get('seconds')} s, "
        f"load average {report.get('load_average', {})}, jit {report.get('jit')}",
        "",
        head,
        "|" + " --- |" * 10,
    ]

    def row(name: str, r: dict[str, Any]) -> str:
        if "skipped" in r or "error" in r:
            reason = r.get("skipped") or r.get("error")
            label = "skipped" if "skipped" in r else "ERROR"
            return f"| {name} | {label}: {reason} |" + " |" * 9
        ours, base = r.get("ours") or {}, r.get("baseline") or {}
        met = {True: "yes", False: "NO", None: "-"}[r.get("met")]
        return (
            f"| {name} | {_fmt(ours.get('p50_ms'))} | {_fmt(ours.get('p95_ms'))} "
            f"| {_fmt(ours.get('per_s'))} | {_fmt(base.get('p50_ms'))} | {_fmt(base.get('per_s'))} "
            f"| {_fmt(r.get('ratio'))} | {r.get('unit', '')} | {r.get('target', '')} | {met} |"
        )

    notes = []
    for name, r in report["scenarios"].items():
        lines.append(row(name, r))
        if r.get("notes"):
            notes.append(f"- {name}: {r['notes']}")
        if "forks" in r:
            notes.append(f"- {name}: forks {r['forks']}, errors {r.get('errors', 0)}")
    for size, group in (report.get("growth") or {}).items():
        for name, r in group.items():
            lines.append(row(f"{name} @ {int(size):,} cases", r))
    if report.get("load"):
        load = report["load"]
        lines += ["", "load test:", json.dumps(load, indent=2)]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n"
