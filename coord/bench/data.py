"""Synthetic network for the bench database: organisations, people, cases, grants, shares.

Everything is random but seeded, so two runs at the same scale hold the same data. Cases
are inserted in bulk (COPY on PostgreSQL, executemany on SQLite) with exactly the columns
``coord.cases.services.case_create`` writes, including the ``CaseCategory`` index rows;
their narrative is left empty because no list or trend reads it. Grants are plain rows
(what ``access_request_approve`` leaves behind); shares go through
``sharing_policies.services.share_create`` once, then in bulk with the same rows and
guardian permissions.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import pycountry
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from coord.cases.choices import (
    LIST_FIELDS,
    AgeBand,
    Consent,
    ControlMethod,
    ExploitationType,
    Gender,
    Industry,
    RecruitmentMethod,
    Service,
    Status,
    Technology,
)
from coord.cases.models import CROCKFORD, CaseCategory, CaseSummary
from coord.organisations.models import Membership, Organisation, Role

COUNTRIES = ("KH", "TH", "VN", "MM", "LA", "MY")
MONTHS = 36
ORGS = 20
GRANTEE = 0  # index of the organisation whose partner list is measured (5 grants in)
SHARE_RECEIVER = ORGS - 1  # index of the organisation that only receives single-case shares


def _regions(country: str, n: int = 8) -> list[str]:
    subs = sorted(
        s.code for s in pycountry.subdivisions.get(country_code=country) if s.parent_code is None
    )
    return subs[:n]


REGIONS = {c: _regions(c) for c in COUNTRIES}


def _month(today: date, back: int) -> date:
    y, m = today.year, today.month - back
    while m <= 0:
        y, m = y - 1, m + 12
    return date(y, m, 1)


@dataclass
class Network:
    """The organisations and one caseworker and one admin per organisation."""

    orgs: list[Organisation]
    caseworkers: list = field(default_factory=list)
    admins: list = field(default_factory=list)

    @property
    def grantee(self) -> Organisation:
        return self.orgs[GRANTEE]

    @property
    def share_receiver(self) -> Organisation:
        return self.orgs[SHARE_RECEIVER]


def network_create() -> Network:
    """20 organisations across the six Mekong countries, each with a caseworker and an admin."""
    user_model = get_user_model()
    net = Network(orgs=[])
    for i in range(ORGS):
        org = Organisation.objects.create(
            slug=f"bench-org-{i:02d}",
            name=f"Bench organisation {i:02d}",
            country=COUNTRIES[i % len(COUNTRIES)],
        )
        net.orgs.append(org)
        for role, bucket in ((Role.CASEWORKER, net.caseworkers), (Role.ADMIN, net.admins)):
            user = user_model.objects.create(username=f"bench.{role}.{i:02d}", password="!")  # noqa: S106 - unusable
            Membership.objects.create(user=user, organisation=org, role=role)
            bucket.append(user)
    return net


def _pick(rng: random.Random, values: list[str], low: int, high: int) -> list[str]:
    return sorted(rng.sample(values, rng.randint(low, high)))


_VALUES = {
    "exploitation_types": ExploitationType.values,
    "recruitment_methods": RecruitmentMethod.values,
    "control_methods": ControlMethod.values,
    "technologies": Technology.values,
    "services_provided": Service.values,
}
_COUNTS = {
    "exploitation_types": (1, 2),
    "recruitment_methods": (1, 1),
    "control_methods": (1, 2),
    "technologies": (0, 1),
    "services_provided": (1, 2),
}
_CONSENTS = [Consent.SHARE] * 6 + [Consent.AGGREGATE] * 3 + [Consent.NONE]

CASE_COLUMNS = (
    "id",
    "reference",
    "organisation_id",
    "created_by_id",
    "created_at",
    "updated_at",
    "reported_month",
    "region",
    "age_band",
    "gender",
    "industry",
    "status",
    "consent",
    "citizenship",
    "exploitation_types",
    "recruitment_methods",
    "control_methods",
    "technologies",
    "services_provided",
    "summary_ct",
    "notes_ct",
)
CATEGORY_COLUMNS = (
    "case_id",
    "organisation_id",
    "dimension",
    "value",
    "reported_month",
    "region",
    "consent",
)


def _insert(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Bulk insert raw rows: COPY on PostgreSQL, executemany on SQLite."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)  # noqa: S608


def cases_ensure(net: Network, total: int, *, seed: int = 10, batch: int = 20_000) -> int:
    """Add cases until the bench database holds ``total``; returns how many were added."""
    have = CaseSummary.objects.count()
    if have >= total:
        return 0
    rng = random.Random(seed + have)
    today = timezone.localdate()
    months = [_month(today, b) for b in range(1, MONTHS + 1)]
    now = timezone.now()
    stamp = (
        now if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(now)
    )
    next_id = (CaseSummary.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    added = 0
    while have + added < total:
        n = min(batch, total - have - added)
        cases, cats = [], []
        for _ in range(n):
            org_index = rng.randrange(ORGS)
            org = net.orgs[org_index]
            country = org.country if rng.random() < 0.9 else rng.choice(COUNTRIES)
            region = rng.choice(REGIONS[country])
            month = rng.choice(months)
            consent = rng.choice(_CONSENTS)
            lists = {"citizenship": [country]}
            for name, values in _VALUES.items():
                low, high = _COUNTS[name]
                lists[name] = _pick(rng, values, low, high)
            ref = "C-" + "".join(rng.choice(CROCKFORD) for _ in range(10))
            month_value = month if connection.vendor == "postgresql" else month.isoformat()
            cases.append(
                (
                    next_id,
                    ref,
                    org.pk,
                    net.caseworkers[org_index].pk,
                    stamp,
                    stamp,
                    month_value,
                    region,
                    rng.choice(AgeBand.values),
                    rng.choice(Gender.values),
                    rng.choice(Industry.values),
                    rng.choice(Status.values),
                    consent,
                    *(json.dumps(lists[name]) for name in LIST_FIELDS),
                    "",
                    "",
                )
            )
            for name, dimension in LIST_FIELDS.items():
                for value in lists[name]:
                    cats.append((next_id, org.pk, dimension, value, month_value, region, consent))
            next_id += 1
        with transaction.atomic():
            _insert(CaseSummary, CASE_COLUMNS, cases)
            _insert(CaseCategory, CATEGORY_COLUMNS, cats)
        added += n
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (CaseSummary, CaseCategory):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT MAX(id) FROM {table}))"
                )
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # What autovacuum does on a live server: statistics, and a visibility map so the
        # covering indexes answer index-only.
        with connection.cursor() as cursor:
            for model in (CaseSummary, CaseCategory):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    return added


def grants_create(net: Network, *, count: int = 50, seed: int = 11) -> list:
    """``count`` live grants: 5 into the measured grantee (mixed filters), the rest random."""
    from sharing_policies.models import Scope, SharingGrant

    rng = random.Random(seed)
    today = timezone.localdate()
    grantee = net.grantee
    shapes = [
        {},
        {"exploitation_types": ["forced_labour", "forced_criminality"]},
        {"regions": REGIONS[net.orgs[3].country][:3]},
        {"reported_from": _month(today, 12).strftime("%Y-%m")},
        {
            "exploitation_types": ["sexual_exploitation"],
            "regions": REGIONS[net.orgs[5].country][:4],
        },
    ]
    rows = []
    for i, shape in enumerate(shapes, start=1):
        rows.append((net.orgs[i], grantee, shape, Scope.NARRATIVES if i % 2 else Scope.SUMMARIES))
    pairs = {(g.pk, r.pk) for g, r, _s, _sc in rows}
    candidates = [o for i, o in enumerate(net.orgs) if i not in (GRANTEE, SHARE_RECEIVER)]
    while len(rows) < count:
        granting, receiving = rng.sample(candidates, 2)
        if (granting.pk, receiving.pk) in pairs:
            continue
        pairs.add((granting.pk, receiving.pk))
        rows.append((granting, receiving, rng.choice(shapes), Scope.SUMMARIES))
    return SharingGrant.objects.bulk_create(
        SharingGrant(
            granting_organisation=granting,
            grantee_organisation=receiving,
            scope=scope,
            fields=[],
            filter=shape,
            valid_from=today - timedelta(days=30),
            valid_until=today + timedelta(days=90),
        )
        for granting, receiving, shape, scope in rows
    )


def shares_create(net: Network, *, count: int, seed: int = 12) -> int:
    """``count`` live single-case shares to the share receiver, with guardian permissions.

    The first goes through ``share_create`` (it makes the permission and the group the
    product uses); the rest are the same rows and permissions in bulk.
    """
    from guardian.shortcuts import assign_perm

    from sharing_policies.models import CaseShare
    from sharing_policies.services import organisation_group, share_create

    receiver = net.share_receiver
    today = timezone.localdate()
    ids = list(
        CaseSummary.objects.filter(consent=Consent.SHARE)
        .exclude(organisation=receiver)
        .order_by("id")
        .values_list("id", flat=True)[: count * 5]
    )
    rng = random.Random(seed)
    picked = sorted(rng.sample(ids, min(count, len(ids))))
    if not picked:
        return 0
    first = CaseSummary.objects.select_related("organisation").get(pk=picked[0])
    owner_index = net.orgs.index(first.organisation)
    share_create(
        actor=net.caseworkers[owner_index],
        case=first,
        organisation=receiver,
        valid_until=today + timedelta(days=60),
    )
    rest = picked[1:]
    for start in range(0, len(rest), 5000):
        chunk = rest[start : start + 5000]
        with transaction.atomic():
            CaseShare.objects.bulk_create(
                CaseShare(
                    case_id=pk,
                    organisation=receiver,
                    valid_until=today + timedelta(days=60),
                    include_narrative=bool(pk % 2),
                )
                for pk in chunk
            )
            assign_perm(
                "cases.view_shared_case",
                organisation_group(receiver),
                CaseSummary.objects.filter(pk__in=chunk),
            )
    return len(picked)
