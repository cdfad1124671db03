"""Load the demo network: organisations, people, then each app's demo data. Idempotent."""

from __future__ import annotations

import base64
import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coord.organisations.models import Membership, Organisation, Role
from coord.organisations.services import user_create_with_role

ORGANISATIONS = [
    ("mekong-shelter", "Mekong Shelter", "KH", Organisation.Kind.SHELTER, "mekong"),
    ("border-legal-aid", "Border Legal Aid", "TH", Organisation.Kind.LEGAL_AID, "border"),
    ("delta-outreach", "Delta Outreach", "VN", Organisation.Kind.NGO, "delta"),
    ("andaman-hotline", "Andaman Hotline", "MY", Organisation.Kind.HOTLINE, "andaman"),
]
COORDINATOR = "network.coordinator"

# Each later app adds its demo data with a ``seed(stdout)`` function in a ``demo`` module,
# run in this order after the organisations and people exist.
DEMO_MODULES = [
    "coord.cases.demo",
    "coord.followups.demo",
    "sharing_policies.demo",
    "coord.trends.demo",
]


def demo_usernames() -> list[tuple[str, str, str | None]]:
    """(username, role, organisation slug) for every demo account."""
    people = []
    for slug, _name, _country, _kind, prefix in ORGANISATIONS:
        people.append((f"{prefix}.caseworker", Role.CASEWORKER, slug))
        people.append((f"{prefix}.admin", Role.ADMIN, slug))
    people.append((COORDINATOR, Role.COORDINATOR, None))
    return people


class Command(BaseCommand):
    help = "Load demo organisations, users and data (idempotent; refused in production)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Do nothing but list the sign-ins if demo data was loaded before.",
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run when COORD_ENV=production.")
        password = settings.COORD_DEMO_PASSWORD
        marker = settings.COORD_DATA_DIR / ".demo-seeded"
        if options["once"] and marker.exists() and Organisation.objects.exists():
            self.print_sign_ins(password)
            return
        self.seed(password)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
        self.print_sign_ins(password)

    def seed(self, password: str) -> None:
        with transaction.atomic():
            orgs = {}
            for slug, name, country, kind, _prefix in ORGANISATIONS:
                orgs[slug], _ = Organisation.objects.get_or_create(
                    slug=slug, defaults={"name": name, "country": country, "kind": kind}
                )
            for username, role, slug in demo_usernames():
                if not Membership.objects.filter(user__username=username).exists():
                    user_create_with_role(
                        actor=None,
                        username=username,
                        password=password,
                        role=role,
                        organisation=orgs.get(slug),
                    )
        for module_name in DEMO_MODULES:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if not (module_name == exc.name or module_name.startswith(f"{exc.name}.")):
                    raise
                continue
            module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

    def print_sign_ins(self, password: str) -> None:
        self.stdout.write(f"Demo sign-ins (password: {password}):")
        for username, role, slug in demo_usernames():
            secret = demo_totp_secret(username) if role != Role.CASEWORKER else None
            extra = f"  TOTP secret: {secret}" if secret else ""
            self.stdout.write(f"  {username:<22} {role:<12} {slug or 'network':<18}{extra}")


def demo_totp_secret(username: str) -> str | None:
    """With COORD_REQUIRE_2FA on, admins and coordinators get a confirmed TOTP device whose
    base32 secret is printed so the demo can be signed into with any authenticator app."""
    if not settings.COORD_REQUIRE_2FA:
        return None
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
    return base64.b32encode(device.bin_key).decode()
