"""Field encryption and key management.

Token format: ``v1.<key version>.<base64url(nonce || ciphertext+tag)>`` (no padding),
AES-256-GCM with a 96-bit random nonce under the organisation's data key. The
associated data binds table, field, row id, organisation id and key version, so a
token copied anywhere else does not decrypt. See docs/encryption.md.
"""

from __future__ import annotations

import base64
import functools
import os
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from coord.audit.services import audit_append
from coord.crypto import keys
from coord.crypto.exceptions import CryptoError, DecryptionFailed, KeyShredded
from coord.crypto.models import KeyState, OrganisationKey
from coord.crypto.providers import MasterKeyProvider, get_provider
from coord.crypto.registry import EncryptedField, encrypted_fields

FORMAT = "v1"
_NONCE = 12


def _org_id(organisation: Any) -> int:
    return organisation if isinstance(organisation, int) else organisation.pk


def _lp(text: str) -> bytes:
    data = text.encode("utf-8")
    return len(data).to_bytes(4, "big") + data


def associated_data(*, table: str, field: str, row_id: str, org_id: int, version: int) -> bytes:
    """Canonical, unambiguous encoding of what a ciphertext is bound to: each part
    length-prefixed (4 bytes, big-endian), so no two bindings encode the same."""
    return _aad_prefix(table, field) + _aad_suffix(row_id, org_id, version)


@functools.lru_cache(maxsize=256)
def _aad_prefix(table: str, field: str) -> bytes:
    return _lp(FORMAT) + _lp(table) + _lp(field)


def _aad_suffix(row_id: str, org_id: int, version: int) -> bytes:
    return _lp(str(row_id)) + _lp(str(int(org_id))) + _lp(str(int(version)))


def _b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def parse_token(token: str) -> tuple[int, bytes]:
    """(key version, nonce||ciphertext) of a token, or ``DecryptionFailed``."""
    try:
        fmt, version_text, body = token.split(".", 2)
        if fmt != FORMAT or not version_text.isdigit():
            raise ValueError
        blob = _b64d(body)
        if len(blob) < _NONCE + 16:
            raise ValueError
        return int(version_text), blob
    except (ValueError, TypeError, AttributeError, UnicodeError):
        raise DecryptionFailed("malformed token") from None


def token_version(token: str) -> int:
    return parse_token(token)[0]


def _seal(key: bytes, version: int, plaintext: str, aad: bytes) -> str:
    nonce = os.urandom(_NONCE)
    ct = AESGCM(key).encrypt(nonce, plaintext.encode("utf-8"), aad)
    return f"{FORMAT}.{version}.{_b64e(nonce + ct)}"


def _open(key: bytes, blob: bytes, aad: bytes) -> str:
    try:
        return AESGCM(key).decrypt(blob[:_NONCE], blob[_NONCE:], aad).decode("utf-8")
    except (InvalidTag, UnicodeDecodeError):
        raise DecryptionFailed("ciphertext does not authenticate") from None


def encrypt_text(*, organisation, table: str, field: str, row_id: str, plaintext: str) -> str:
    """Encrypt ``plaintext`` for one field of one row under the org's active key.

    ``row_id`` must be the row's stable opaque id, known before insert.
    Raises ``KeyShredded`` if the organisation's keys were shredded.
    """
    if not isinstance(plaintext, str):
        raise TypeError("plaintext must be str")
    if not row_id:
        raise ValueError("row_id is required (set the row's opaque id before encrypting)")
    org_id = _org_id(organisation)
    version, key = keys.active_key_for(org_id)
    aad = associated_data(table=table, field=field, row_id=row_id, org_id=org_id, version=version)
    return _seal(key, version, plaintext, aad)


def decrypt_text(*, organisation, table: str, field: str, row_id: str, token: str) -> str:
    """Decrypt a token made by ``encrypt_text`` for the same table, field, row and org.

    Raises ``KeyShredded`` when its key was destroyed and ``DecryptionFailed`` when the
    token is malformed, tampered with or belongs elsewhere. The caller audits reads
    by people outside the owning organisation.
    """
    version, blob = parse_token(token)
    org_id = _org_id(organisation)
    aad = associated_data(table=table, field=field, row_id=row_id, org_id=org_id, version=version)
    try:
        return _open(keys.key_for(org_id, version), blob, aad)
    except DecryptionFailed:
        # A stale cached key (e.g. reused ids after a restore): retry once from the database.
        return _open(keys.key_for(org_id, version, use_cache=False), blob, aad)


# --- key management -----------------------------------------------------------------


def organisation_key_rotate(*, organisation, actor=None, request=None) -> OrganisationKey:
    """Make a new active data-key version; older versions are retired (they still decrypt).

    On an organisation whose keys were shredded this starts a fresh key, so it can
    write again; what was shredded stays unreadable.
    """
    provider = get_provider()
    with transaction.atomic():
        rows = list(
            OrganisationKey.objects.select_for_update().filter(organisation_id=organisation.pk)
        )
        now = timezone.now()
        OrganisationKey.objects.filter(
            organisation_id=organisation.pk, state=KeyState.ACTIVE
        ).update(state=KeyState.RETIRED, retired_at=now)
        version = max((r.version for r in rows), default=0) + 1
        row = keys.new_key_row(organisation.pk, version, provider)
        row.save()
        audit_append(
            action="key.rotate",
            actor=actor,
            organisation=organisation,
            object_type="organisation_key",
            object_id=f"{organisation.pk}:v{version}",
            details={"version": version, "master_key_id": provider.key_id},
            request=request,
        )
        transaction.on_commit(lambda: keys.clear_key_cache(organisation.pk))
    return row


def organisation_keys_shred(*, organisation, actor=None, request=None) -> int:
    """Destroy every data key of an organisation: its encrypted values become unreadable.

    The wrapped bytes are deleted (set to NULL) in the same transaction as the audit
    event. Returns how many key versions were shredded.
    """
    with transaction.atomic():
        now = timezone.now()
        count = (
            OrganisationKey.objects.select_for_update()
            .filter(organisation_id=organisation.pk)
            .exclude(state=KeyState.SHREDDED)
            .update(wrapped_key=None, state=KeyState.SHREDDED, shredded_at=now)
        )
        audit_append(
            action="key.shred",
            actor=actor,
            organisation=organisation,
            object_type="organisation",
            object_id=organisation.slug,
            details={"versions": count},
            request=request,
        )
        transaction.on_commit(lambda: keys.clear_key_cache(organisation.pk))
    keys.clear_key_cache(organisation.pk)
    return count


def master_key_rotate(*, new_provider: MasterKeyProvider, actor=None) -> dict[str, int]:
    """Rewrap every live data key under ``new_provider``. Idempotent: rows already
    wrapped under it are skipped, so a rerun after a crash finishes the work."""
    old_provider = get_provider()
    rewrapped = 0
    ids = list(
        OrganisationKey.objects.exclude(state=KeyState.SHREDDED)
        .exclude(master_key_id=new_provider.key_id)
        .values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            row = OrganisationKey.objects.select_for_update().filter(pk=pk).first()
            if row is None or row.state == KeyState.SHREDDED:
                continue  # shredded meanwhile
            if row.master_key_id == new_provider.key_id:
                continue  # done by a concurrent run
            key = keys.unwrap_row(row, old_provider)
            ctx = keys.wrap_context(row.organisation_id, row.version)
            row.wrapped_key = new_provider.wrap(key, context=ctx)
            row.master_key_id = new_provider.key_id
            row.save(update_fields=["wrapped_key", "master_key_id"])
            rewrapped += 1
    skipped = OrganisationKey.objects.exclude(state=KeyState.SHREDDED).count() - rewrapped
    with transaction.atomic():
        audit_append(
            action="key.master_rotate",
            actor=actor,
            object_type="master_key",
            object_id=new_provider.key_id,
            details={"rewrapped": rewrapped, "skipped": skipped},
        )
    return {"rewrapped": rewrapped, "skipped": skipped}


# --- re-encryption --------------------------------------------------------------------

Progress = Callable[[int, int], None]


def _plan(organisation) -> list[tuple[EncryptedField, int, int, list[int]]]:
    """(field, org id, active version, retired versions) for every field with work."""
    live = OrganisationKey.objects.exclude(state=KeyState.SHREDDED)
    if organisation is not None:
        live = live.filter(organisation_id=organisation.pk)
    by_org: dict[int, tuple[int | None, list[int]]] = {}
    for org_id, version, state in live.values_list("organisation_id", "version", "state"):
        active, retired = by_org.get(org_id, (None, []))
        if state == KeyState.ACTIVE:
            active = version
        else:
            retired.append(version)
        by_org[org_id] = (active, retired)
    plan = []
    for entry in encrypted_fields():
        for org_id, (active, retired) in sorted(by_org.items()):
            if active is not None and retired:
                plan.append((entry, org_id, active, sorted(retired)))
    return plan


def _stale_rows(entry: EncryptedField, org_id: int, retired: list[int]):
    prefix = Q()
    for v in retired:
        prefix |= Q(**{f"{entry.field}__startswith": f"{FORMAT}.{v}."})
    return entry.model._default_manager.filter(**{entry.organisation_column: org_id}).filter(prefix)


# A token's first characters hold its random nonce: comparing them is enough to tell
# whether the row still holds the token that was read (collision chance 2**-96).
_GUARD_CHARS = 40


def _write_batch(entry: EncryptedField, updates: list[tuple[str, Any, str]]) -> None:
    """Write (new token, pk, old token) triples; a row changed since it was read is left
    alone, so a concurrent edit is never overwritten with stale text. PostgreSQL gets one
    statement per batch; other databases one per row."""
    if not updates:
        return
    meta, quote = entry.model._meta, connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    column = quote(meta.get_field(entry.field).column)
    guard = f"SUBSTR({{col}}, 1, {_GUARD_CHARS})"
    rows = [(new, pk_value, old[:_GUARD_CHARS]) for new, pk_value, old in updates]
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        # Server-side binding: sending 1,000 tokens as parameters is far cheaper than
        # Django's default client-side interpolation into one huge SQL string.
        with psycopg.Cursor(connection.connection) as cursor:
            values = ", ".join(["(%s, %s, %s)"] * len(rows))
            cursor.execute(
                f"UPDATE {table} AS t SET {column} = v.new "  # noqa: S608
                f"FROM (VALUES {values}) AS v(new, pk, old) "
                f"WHERE t.{pk} = v.pk AND {guard.format(col='t.' + column)} = v.old",
                [item for row in rows for item in row],
            )
    else:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET {column} = %s "  # noqa: S608
                f"WHERE {pk} = %s AND {guard.format(col=column)} = %s",
                rows,
            )


def reencrypt(
    *, organisation=None, batch_size: int = 500, on_progress: Progress | None = None
) -> dict[str, int]:
    """Move every registered ciphertext off retired key versions onto the active one.

    Each batch is its own transaction, and a row is only rewritten if its token is
    unchanged since it was read, so a kill at any moment loses nothing and a rerun
    picks up exactly what is left (idempotent). Returns counts; ``failed`` rows
    (tokens that do not authenticate) are left untouched.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    plan = _plan(organisation)
    total = sum(_stale_rows(e, o, r).count() for e, o, _a, r in plan)
    done = failed = 0
    if on_progress:
        on_progress(done, total)
    for entry, org_id, active, retired in plan:
        new_key = keys.key_for(org_id, active, use_cache=False)
        old_keys = {v: keys.key_for(org_id, v, use_cache=False) for v in retired}
        pk_name = entry.model._meta.pk.attname
        last_pk = None
        while True:
            with transaction.atomic():
                if OrganisationKey.objects.filter(
                    organisation_id=org_id, state=KeyState.SHREDDED
                ).exists():
                    raise KeyShredded("the organisation's keys were shredded during the run")
                qs = _stale_rows(entry, org_id, retired)
                if last_pk is not None:
                    qs = qs.filter(**{f"{pk_name}__gt": last_pk})
                # No row locks: the guarded UPDATE in _write_batch is the concurrency check.
                rows = list(
                    qs.order_by(pk_name).values_list(pk_name, entry.row_id_attr, entry.field)[
                        :batch_size
                    ]
                )
                if not rows:
                    break
                updates = []
                for pk, row_id, token in rows:
                    try:
                        version, blob = parse_token(token)
                        aad_old = associated_data(
                            table=entry.table,
                            field=entry.logical_field,
                            row_id=row_id,
                            org_id=org_id,
                            version=version,
                        )
                        plaintext = _open(old_keys[version], blob, aad_old)
                    except (CryptoError, KeyError):
                        failed += 1
                        continue
                    aad_new = associated_data(
                        table=entry.table,
                        field=entry.logical_field,
                        row_id=row_id,
                        org_id=org_id,
                        version=active,
                    )
                    updates.append((_seal(new_key, active, plaintext, aad_new), pk, token))
                _write_batch(entry, updates)
                last_pk = rows[-1][0]
            done += len(rows)
            if on_progress:
                on_progress(done, total)
    return {"total": total, "done": done, "failed": failed, "fields": len(plan)}


def reencrypt_run(*, organisation=None, batch_size: int = 500, on_progress=None, actor=None):
    """``reencrypt`` plus its ``key.reencrypt`` audit event (written once it finishes)."""
    result = reencrypt(organisation=organisation, batch_size=batch_size, on_progress=on_progress)
    with transaction.atomic():
        audit_append(
            action="key.reencrypt",
            actor=actor,
            organisation=organisation,
            object_type="organisation" if organisation is not None else "network",
            object_id=organisation.slug if organisation is not None else "",
            details=result,
        )
    return result


def reencrypt_job_run(*, job_id, organisation) -> dict[str, int]:
    """The Celery entry point's body: re-encrypt one org and record progress in the Job."""
    from coord.jobs.models import Job
    from coord.jobs.services import job_fail, job_progress, job_succeed

    job = Job.objects.select_related("created_by").get(pk=job_id)

    def progress(done: int, total: int) -> None:
        job_progress(job_id, done=done, total=total)

    try:
        result = reencrypt_run(
            organisation=organisation, on_progress=progress, actor=job.created_by
        )
    except KeyShredded:
        job_fail(job_id, error="The organisation's keys were shredded during re-encryption.")
        raise
    except Exception:
        job_fail(job_id, error="Re-encryption stopped; run it again to finish.")
        raise
    job_succeed(job_id, result=result)
    return result


__all__ = [
    "CryptoError",
    "DecryptionFailed",
    "KeyShredded",
    "decrypt_text",
    "encrypt_text",
    "master_key_rotate",
    "organisation_key_rotate",
    "organisation_keys_shred",
    "reencrypt",
    "reencrypt_job_run",
    "reencrypt_run",
]
