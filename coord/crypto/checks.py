"""Does the configured master key unwrap this database's data keys? (issue 23)

After a restore without the right key file the service still starts; ``/healthz``
(``data_keys``) and ``manage.py check --database default`` (``coord.W010``) say why nothing
decrypts.
"""

from __future__ import annotations

from django.core.checks import CheckMessage, Tags, Warning, register

from coord.crypto.exceptions import DecryptionFailed
from coord.crypto.keys import unwrap_row
from coord.crypto.models import KeyState, OrganisationKey

KEYS_SAMPLE = 20
KEYS_UNWRAP_MESSAGE = (
    "coord: {failed} of {checked} organisation data keys cannot be unwrapped with the "
    "configured master key (COORD_MASTER_KEY / COORD_MASTER_KEY_FILE). Encrypted fields are "
    "shown as unavailable and nothing new can be encrypted until the master key that "
    "matches this database is restored (docs/operations.md, Backups and restore)."
)


def data_keys_status() -> tuple[str, int, int]:
    """``("ok" | "none" | "cannot_unwrap", failed, checked)`` for the active data keys of
    up to ``KEYS_SAMPLE`` organisations: after a restore without the right master key the
    service still runs, and this is where it says why nothing decrypts."""
    rows = list(
        OrganisationKey.objects.filter(state=KeyState.ACTIVE, wrapped_key__isnull=False).order_by(
            "organisation_id"
        )[:KEYS_SAMPLE]
    )
    failed = 0
    for row in rows:
        try:
            unwrap_row(row)
        except DecryptionFailed:
            failed += 1
    if not rows:
        return "none", 0, 0
    return ("cannot_unwrap" if failed else "ok"), failed, len(rows)


@register(Tags.database)
def check_data_keys(app_configs=None, databases=None, **kwargs) -> list[CheckMessage]:
    """``manage.py check --database default`` warns when the master key does not match the
    database (a restore without the right key file): loud, but the service still starts."""
    if not databases or "default" not in databases:
        return []
    try:
        status, failed, checked = data_keys_status()
    except Exception:
        return []
    if status != "cannot_unwrap":
        return []
    return [Warning(KEYS_UNWRAP_MESSAGE.format(failed=failed, checked=checked), id="coord.W010")]
