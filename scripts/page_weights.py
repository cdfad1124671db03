#!/usr/bin/env python
"""Page weights of the demo pages, the table in docs/web.md ("Light pages"): each page in
English for the demo caseworker, as sent (gzip) and cold (with its scripts and style sheets).

    .venv/bin/python scripts/page_weights.py

Runs on a throwaway SQLite database with the demo data (`seed_demo`), never on yours.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["COORD_DATA_DIR"] = tempfile.mkdtemp(prefix="coord-weights-")
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "COORD_ENV"):
        os.environ.pop(name, None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coord.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from coord.cases.models import CaseSummary
    from coord.organisations.management.commands.seed_demo import demo_usernames
    from coord.web.weights import page_weight

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    username, _role, slug = demo_usernames()[0]
    user = get_user_model().objects.get(username=username)
    case = CaseSummary.objects.filter(organisation__slug=slug).order_by("pk").first()
    anonymous, client = Client(), Client()
    client.force_login(user)
    pages = [
        ("sign-in", anonymous, reverse("web:login")),
        ("home", client, reverse("web:home")),
        ("case list", client, reverse("web:case-list")),
        ("a case", client, reverse("web:case-detail", args=[case.reference])),
        ("new case", client, reverse("web:case-create")),
        ("shared with us", client, reverse("web:shared-list")),
        ("trends explorer", client, reverse("web:trends")),
        ("trends charts", client, reverse("web:trends-charts")),
    ]
    print("| page | HTML | on the wire (gzip) | cold (page + files) |")
    print("| --- | --- | --- | --- |")
    for label, who, url in pages:
        weight = page_weight(who, url)
        print(
            f"| {label} | {len(weight.html) / 1024:.1f} KB | {weight.wire / 1024:.1f} KB"
            f" | {weight.cold / 1024:.1f} KB |"
        )


if __name__ == "__main__":
    main()
