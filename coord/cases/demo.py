"""Demo case summaries for ``manage.py seed_demo``.

A few hundred de-identified cases per demo organisation across 2024-2026, drawn from a
handful of realistic scenarios (scam compounds, fishing, domestic servitude, ...), with
narratives made of generic sentences that pass the PII guard. Deterministic (seeded per
organisation) and idempotent: an organisation that already has cases is skipped.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

import pycountry
from django.db import transaction

from coord.cases.models import CaseSummary
from coord.cases.services import case_create, case_transition
from coord.cases.validation import current_month
from coord.organisations.models import Membership, Organisation, Role
from coord.pii.guard import scan

DEMO_ORGS = ("mekong-shelter", "border-legal-aid", "delta-outreach", "andaman-hotline")
CASES_PER_ORG = (260, 340)
FIRST_MONTH = date(2024, 1, 1)
LAST_MONTH = date(2026, 12, 1)
NEIGHBOURS = {
    "KH": ["KH", "KH", "KH", "VN", "TH", "LA"],
    "TH": ["TH", "MM", "MM", "KH", "LA", "VN"],
    "VN": ["VN", "VN", "VN", "KH", "LA", "CN"],
    "MY": ["MY", "ID", "ID", "MM", "KH", "VN", "PH"],
}


@dataclass(frozen=True)
class Scenario:
    weight: int
    exploitation: list[str]
    industry: list[str]
    recruitment: list[str]
    control: list[str]
    technology: list[str]
    ages: list[str]
    female_share: float
    sentences: list[str]


SCENARIOS = [
    Scenario(
        30,
        ["forced_criminality"],
        ["N", "J"],
        ["false_job_offer", "online_contact", "friend_or_acquaintance"],
        [
            "documents_confiscated",
            "restricted_movement",
            "debt_bondage",
            "physical_abuse",
            "threats",
            "excessive_hours",
        ],
        ["online_job_ad", "messaging_app", "social_media", "cryptocurrency"],
        ["18-20", "21-23", "24-26", "27-29", "30-38"],
        0.35,
        [
            "Answered an online advert for a customer service job with a high salary.",
            "Was driven across the border at night and taken to a guarded compound.",
            "Phones were taken on arrival and returned only for work accounts.",
            "Was made to run romance and investment scams for long shifts.",
            "Was told a debt for travel and food had to be repaid before leaving.",
            "Workers who missed targets were beaten or sold to another compound.",
            "Escaped during a police raid and was referred by an embassy partner.",
            "Wages were promised in cryptocurrency but never paid.",
        ],
    ),
    Scenario(
        15,
        ["forced_labour"],
        ["A"],
        ["recruitment_agency", "false_job_offer", "friend_or_acquaintance"],
        [
            "debt_bondage",
            "withholds_wages",
            "isolation",
            "excessive_hours",
            "physical_abuse",
            "documents_confiscated",
        ],
        ["messaging_app", "mobile_money"],
        ["18-20", "21-23", "24-26", "30-38", "39-47"],
        0.05,
        [
            "Recruited by a broker in the home village for work on a fishing boat.",
            "Spent months at sea without landing and was transferred between vessels.",
            "The captain kept identity documents and deducted fees from every payment.",
            "Worked up to twenty hours a day and was threatened when sick.",
            "Returned through a port inspection and asked for help with unpaid wages.",
            "Family received small transfers by mobile money at the start only.",
        ],
    ),
    Scenario(
        12,
        ["forced_labour"],
        ["C", "F"],
        ["recruitment_agency", "false_job_offer", "migration_offer"],
        [
            "debt_bondage",
            "withholds_wages",
            "excessive_hours",
            "restricted_movement",
            "documents_confiscated",
        ],
        ["online_job_ad", "social_media"],
        ["18-20", "21-23", "24-26", "27-29", "30-38"],
        0.5,
        [
            "Paid a large recruitment fee to an agency for factory work abroad.",
            "Lived in a dormitory next to the site and could leave only with a supervisor.",
            "Wages were lower than promised and partly withheld each month.",
            "Overtime was compulsory and refusals were punished with fines.",
            "A co-worker contacted a hotline and the group was interviewed by labour inspectors.",
        ],
    ),
    Scenario(
        12,
        ["servitude"],
        ["T"],
        ["family_member", "friend_or_acquaintance", "recruitment_agency"],
        [
            "documents_confiscated",
            "isolation",
            "withholds_wages",
            "psychological_abuse",
            "denied_necessities",
        ],
        ["messaging_app"],
        ["9-17", "18-20", "21-23", "24-26", "30-38"],
        0.9,
        [
            "Placed as a live-in domestic worker with a family in the city.",
            "Was not allowed a day off and slept in the kitchen.",
            "The employer kept the passport and paid nothing for several months.",
            "Was shouted at daily and denied food as punishment.",
            "A neighbour noticed and helped contact a shelter.",
        ],
    ),
    Scenario(
        14,
        ["sexual_exploitation"],
        ["I", "S", ""],
        ["intimate_partner", "online_contact", "false_job_offer", "friend_or_acquaintance"],
        [
            "threats",
            "sexual_abuse",
            "takes_earnings",
            "substance_abuse",
            "debt_bondage",
            "restricted_movement",
        ],
        ["social_media", "dating_app", "messaging_app"],
        ["9-17", "18-20", "21-23", "24-26"],
        0.9,
        [
            "Met a boyfriend on social media who offered work in a restaurant.",
            "Was taken to a karaoke venue and told to entertain customers.",
            "Earnings were taken by the manager to pay off a debt that kept growing.",
            "Was threatened that photos would be sent to family.",
            "Was identified during an outreach visit and agreed to come to the shelter.",
        ],
    ),
    Scenario(
        6,
        ["sexual_exploitation", "child_labour"],
        [""],
        ["family_member", "online_contact"],
        ["threats", "psychological_abuse", "sexual_abuse"],
        ["livestream", "mobile_money", "online_game"],
        ["0-8", "9-17"],
        0.7,
        [
            "A relative arranged livestreamed abuse for paying viewers abroad.",
            "Payments arrived by mobile money transfer.",
            "The platform reported the stream and social services were alerted.",
            "The child was placed in foster care and receives counselling.",
        ],
    ),
    Scenario(
        6,
        ["forced_marriage"],
        [""],
        ["marriage_offer", "sold_by_family", "intimate_partner"],
        ["isolation", "threats", "restricted_movement", "sexual_abuse"],
        ["dating_app", "social_media"],
        ["9-17", "18-20", "21-23"],
        1.0,
        [
            "A broker promised the family a good marriage abroad and a payment.",
            "After the wedding she could not leave the house alone.",
            "Did not speak the local language and had no way to contact home.",
            "Reached a consulate with help from a community group.",
        ],
    ),
    Scenario(
        5,
        ["forced_begging", "child_labour"],
        ["G", ""],
        ["family_member", "sold_by_family", "friend_or_acquaintance"],
        ["takes_earnings", "threats", "physical_abuse"],
        [],
        ["0-8", "9-17"],
        0.5,
        [
            "Was brought to a tourist area to sell flowers and beg late at night.",
            "All money collected was handed to an adult each evening.",
            "Was beaten when the daily target was not met.",
            "Outreach workers made contact and the child now attends school.",
        ],
    ),
]
OUTCOMES = [
    "Received shelter, medical checks and counselling.",
    "Now receiving legal aid to claim unpaid wages.",
    "Returned home and joined a reintegration programme.",
    "Referred to a partner organisation for vocational training.",
    "Declined further support after the first interview.",
]
NOTES = [
    "Follow up on the referral next month.",
    "Interpreter needed for the next interview.",
    "Waiting for the labour inspection report.",
    "Check in about school enrolment.",
    "",
]
SERVICES = {
    "open": ["shelter", "medical", "interpretation"],
    "active": ["shelter", "medical", "psychosocial", "interpretation", "legal_aid"],
    "reopened": ["legal_aid", "psychosocial", "financial_assistance", "family_tracing"],
    "closed": ["repatriation", "reintegration", "vocational_training", "education", "referral"],
}
# Why the demo's closed cases were closed, weighted as a shelter might see them.
CLOSURE_REASONS = ["goals_met"] * 5 + ["referred"] * 2 + ["lost_contact", "declined_support"]


def _months() -> list[date]:
    last = min(LAST_MONTH, current_month())
    months, month = [], FIRST_MONTH
    while month <= last:
        months.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return months


def _regions(country: str, rng: random.Random) -> tuple[list[str], list[int]]:
    codes = sorted(
        s.code for s in pycountry.subdivisions.get(country_code=country) if s.parent_code is None
    )
    weights = [rng.choice([1, 1, 1, 2, 8]) for _ in codes]  # a few hot spots
    return codes, weights


def _pick(rng: random.Random, values: list[str], low: int, high: int) -> list[str]:
    if not values:
        return []
    return rng.sample(values, k=min(len(values), rng.randint(low, high)))


def _narrative(rng: random.Random, scenario: Scenario) -> str:
    count = rng.randint(3, min(5, len(scenario.sentences)))
    picked = sorted(rng.sample(range(len(scenario.sentences)), count))
    text = " ".join(scenario.sentences[i] for i in picked) + " " + rng.choice(OUTCOMES)
    return text if not scan(text) else ""  # never seed text the guard would refuse


def _case_data(rng: random.Random, country: str, regions, months) -> dict:
    scenario = rng.choices(SCENARIOS, weights=[s.weight for s in SCENARIOS])[0]
    month = rng.choice(months)
    age_in_months = (current_month().year - month.year) * 12 + current_month().month - month.month
    status = (
        rng.choice(["closed", "closed", "closed", "reopened", "active"])
        if age_in_months > 9
        else rng.choice(["open", "active", "active", "active", "closed"])
    )
    roll = rng.random()
    if roll < 0.04:
        gender = "unknown"
    elif roll < 0.05:
        gender = "other"
    else:
        gender = "female" if rng.random() < scenario.female_share else "male"
    return {
        "reported_month": month,
        "region": rng.choices(regions[0], weights=regions[1])[0],
        "age_band": rng.choice([*scenario.ages, "unknown"]),
        "gender": gender,
        "citizenship": [rng.choice(NEIGHBOURS.get(country, [country]))],
        "exploitation_types": scenario.exploitation,
        "recruitment_methods": _pick(rng, scenario.recruitment, 1, 2),
        "control_methods": _pick(rng, scenario.control, 1, 4),
        "industry": rng.choice(scenario.industry),
        "technologies": _pick(rng, scenario.technology, 0, 3),
        "services_provided": _pick(rng, SERVICES[status], 1, 3),
        "status": status,  # reached through the workflow by seed_organisation
        "consent": rng.choices(["none", "aggregate", "share"], weights=[25, 45, 30])[0],
        "summary": _narrative(rng, scenario),
        "notes": rng.choice(NOTES),
    }


def seed_organisation(organisation: Organisation, *, count: int | None = None) -> int:
    """Add demo cases to ``organisation`` unless it has some; returns how many were added."""
    if CaseSummary.objects.filter(organisation=organisation).exists():
        return 0
    rng = random.Random(f"coord-demo-cases:{organisation.slug}")  # noqa: S311 - demo data
    count = count if count is not None else rng.randint(*CASES_PER_ORG)
    members = {
        m.role: m.user
        for m in Membership.objects.filter(organisation=organisation).select_related("user")
    }
    caseworker = members.get(Role.CASEWORKER)
    admin = members.get(Role.ADMIN) or caseworker
    regions = _regions(organisation.country, rng)
    months = _months()
    with transaction.atomic():
        for _ in range(count):
            data = _case_data(rng, organisation.country, regions, months)
            # Most cases are the caseworker's; the admin works a few too (the caseload page).
            author = caseworker if rng.random() < 0.8 else admin
            _seed_case(rng, organisation, author, data)
    return count


def _seed_case(rng: random.Random, organisation: Organisation, author, data: dict) -> None:
    """Create a demo case and walk it through the workflow to its demo status, as a
    caseworker would (each step audited)."""
    status = data.pop("status")
    data["status"] = "open" if status == "open" else "active"
    case = case_create(actor=author, organisation=organisation, data=data)
    if status in ("closed", "reopened"):
        reason = rng.choice(CLOSURE_REASONS)
        case = case_transition(actor=author, case=case, action="close", closure_reason=reason)
    if status == "reopened":
        case_transition(actor=author, case=case, action="reopen")


def seed(stdout) -> None:
    """Called by ``manage.py seed_demo`` once the demo organisations exist."""
    for organisation in Organisation.objects.filter(slug__in=DEMO_ORGS).order_by("slug"):
        added = seed_organisation(organisation)
        if added:
            stdout.write(f"  {organisation.slug}: {added} demo cases")
        else:
            stdout.write(f"  {organisation.slug}: has cases already, skipped")
