"""Field encryption and key management.

Token format: ``v1.<key version>.<base64url(nonce || ciphertext+tag)>`` (no padding),
AES-256-GCM with a 96-bit random nonce under the organisation's data key. The
associated data binds table, field, row id, organisation id and key version, so a
token copied anywhere else does not decrypt. See docs/encryption.md.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import logging
import os
from collections.abc import Callable, Iterator
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from coord.audit.services import audit_append
from coord.crypto import keys
from coord.crypto.exceptions import CryptoError, DecryptionFailed, KeyShredded
from coord.crypto.models import KeyState, OrganisationKey
from coord.crypto.providers import MasterKeyProvider, get_provider
from coord.crypto.registry import EncryptedField, encrypted_fields

logger = logging.getLogger(__name__)

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
    return _lp(str(row_id)) + _aad_tail(org_id, version)


def _aad_tail(org_id: int, version: int) -> bytes:
    return _lp(str(int(org_id))) + _lp(str(int(version)))


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
    return _seal_bytes(AESGCM(key), version, plaintext.encode("utf-8"), aad)


def _seal_bytes(cipher: AESGCM, version: int, plaintext: bytes, aad: bytes) -> str:
    nonce = os.urandom(_NONCE)
    return f"{FORMAT}.{version}.{_b64e(nonce + cipher.encrypt(nonce, plaintext, aad))}"


def _open(key: bytes, blob: bytes, aad: bytes) -> str:
    try:
        return _open_bytes(AESGCM(key), blob, aad).decode("utf-8")
    except UnicodeDecodeError:
        raise DecryptionFailed("ciphertext does not authenticate") from None


def _open_bytes(cipher: AESGCM, blob: bytes, aad: bytes) -> bytes:
    try:
        return cipher.decrypt(blob[:_NONCE], blob[_NONCE:], aad)
    except InvalidTag:
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


def encrypt_bytes(*, organisation, table: str, field: str, row_id: str, data: bytes) -> str:
    """``encrypt_text`` for bytes (an uploaded file kept until it is used): the same token
    format, associated data and key."""
    if not row_id:
        raise ValueError("row_id is required (set the row's opaque id before encrypting)")
    org_id = _org_id(organisation)
    version, key = keys.active_key_for(org_id)
    aad = associated_data(table=table, field=field, row_id=row_id, org_id=org_id, version=version)
    return _seal_bytes(AESGCM(key), version, bytes(data), aad)


def decrypt_bytes(*, organisation, table: str, field: str, row_id: str, token: str) -> bytes:
    """The bytes ``encrypt_bytes`` sealed; raises as ``decrypt_text`` does."""
    version, blob = parse_token(token)
    org_id = _org_id(organisation)
    aad = associated_data(table=table, field=field, row_id=row_id, org_id=org_id, version=version)
    return _open_bytes(AESGCM(keys.key_for(org_id, version)), blob, aad)


def _digest_key(data_key: bytes, purpose: str) -> bytes:
    """A MAC key derived from a data key for one purpose (HKDF-SHA256), so the data key
    itself never keys anything but AES-GCM."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"coord.digest.v1|{purpose}".encode()
    ).derive(data_key)


def _digest(key: bytes, version: int, value: str) -> str:
    mac = hmac.HMAC(key, hashes.SHA256())
    mac.update(value.encode("utf-8"))
    return f"{version}.{mac.finalize().hex()}"


def keyed_digester(*, organisation, purpose: str) -> Callable[[str], tuple[str, frozenset[str]]]:
    """A function of ``value`` giving ``(digest under the active key, digests under every
    readable key version)``: HMAC-SHA256 under keys derived from the organisation's data
    keys (looked up once, for a whole file of values).

    For values that must be matched but never stored in clear (an import's own case
    number). Only the organisation's keys make the digest, so another organisation, or
    someone holding the database alone, cannot test guesses against it. After a rotation
    the digests of older versions still match; shredded versions match nothing.
    """
    org_id = _org_id(organisation)
    version, key = keys.active_key_for(org_id)
    active = (version, _digest_key(key, purpose))
    older = [
        (row.version, _digest_key(keys.key_for(org_id, row.version), purpose))
        for row in OrganisationKey.objects.filter(organisation_id=org_id)
        .exclude(state=KeyState.SHREDDED)
        .exclude(version=version)
    ]

    def digests(value: str) -> tuple[str, frozenset[str]]:
        current = _digest(active[1], active[0], value)
        return current, frozenset([current, *(_digest(k, v, value) for v, k in older)])

    return digests


def decrypt_with_state(
    *, organisation, table: str, field: str, row_id: str, token: str
) -> tuple[str | None, str]:
    """``(text, state)`` of a stored field, for pages and answers that show a state rather
    than fail: ``empty`` (nothing written), ``available``, ``shredded`` (the organisation's
    keys were destroyed) or ``unavailable`` (damaged or misplaced ciphertext; logged by
    field name only, never the token)."""
    if not token:
        return "", "empty"
    try:
        text = decrypt_text(
            organisation=organisation, table=table, field=field, row_id=row_id, token=token
        )
    except KeyShredded:
        return None, "shredded"
    except DecryptionFailed:
        logger.error("stored text failed to decrypt", extra={"table": table, "field": field})
        return None, "unavailable"
    return text, "available"


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
            object_id=f"{organisation.slug}:v{version}",
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


@dataclasses.dataclass
class _Run:
    """What one re-encryption run works with, read once at its start: per organisation
    with work, its active version and the token prefixes of its retired versions, and a
    cipher and the associated-data tail of every live key version."""

    active: dict[int, int] = dataclasses.field(default_factory=dict)
    stale_prefixes: dict[int, dict[str, int]] = dataclasses.field(default_factory=dict)
    ciphers: dict[tuple[int, int], AESGCM] = dataclasses.field(default_factory=dict)
    aad_tails: dict[tuple[int, int], bytes] = dataclasses.field(default_factory=dict)
    key_ids: list[int] = dataclasses.field(default_factory=list)  # a shred of one stops the run

    def orgs_by_retired_version(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for org_id, prefixes in sorted(self.stale_prefixes.items()):
            for version in prefixes.values():
                out.setdefault(version, []).append(org_id)
        return out


@dataclasses.dataclass(frozen=True)
class _Table:
    """The registered fields of one model that share an organisation column: one pass
    reads all of them, so a row with several stale tokens is rewritten once."""

    model: type
    organisation_column: str
    fields: tuple[EncryptedField, ...]


def _plan(organisation) -> _Run:
    """Unwrap, once, the keys of every organisation that has both an active and a retired
    version (only those have tokens to move)."""
    live = OrganisationKey.objects.exclude(state=KeyState.SHREDDED)
    if organisation is not None:
        live = live.filter(organisation_id=organisation.pk)
    by_org: dict[int, list[OrganisationKey]] = {}
    for row in live.order_by("organisation_id", "version"):
        by_org.setdefault(row.organisation_id, []).append(row)
    run = _Run()
    for org_id, rows in by_org.items():
        active = [r.version for r in rows if r.state == KeyState.ACTIVE]
        retired = [r.version for r in rows if r.state != KeyState.ACTIVE]
        if not active or not retired:
            continue
        run.active[org_id] = active[0]
        run.stale_prefixes[org_id] = {f"{FORMAT}.{v}.": v for v in retired}
        for row in rows:
            run.ciphers[(org_id, row.version)] = AESGCM(keys.unwrap_row(row))
            run.aad_tails[(org_id, row.version)] = _aad_tail(org_id, row.version)
            run.key_ids.append(row.pk)
    return run


def _tables() -> list[_Table]:
    grouped: dict[tuple[type, str], list[EncryptedField]] = {}
    for entry in encrypted_fields():
        grouped.setdefault((entry.model, entry.organisation_column), []).append(entry)
    return [_Table(model, column, tuple(fields)) for (model, column), fields in grouped.items()]


def _stale_q(entry: EncryptedField, by_version: dict[int, list[int]]) -> Q:
    """Tokens of ``entry`` made with a version that is retired for the row's organisation."""
    q = Q()
    for version, org_ids in by_version.items():
        q |= Q(
            **{
                f"{entry.field}__startswith": f"{FORMAT}.{version}.",
                f"{entry.organisation_column}__in": org_ids,
            }
        )
    return q


def _stale_total(table: _Table, by_version: dict[int, list[int]]) -> int:
    """Stale tokens of every field of ``table``, counted in one query."""
    org_ids = sorted({o for orgs in by_version.values() for o in orgs})
    counts = (
        table.model._base_manager.filter(**{f"{table.organisation_column}__in": org_ids})
        .aggregate(
            **{
                f"n{i}": Count("pk", filter=_stale_q(entry, by_version))
                for i, entry in enumerate(table.fields)
            }
        )
        .values()
    )
    return sum(n or 0 for n in counts)


# A token's first characters hold its random nonce: comparing them is enough to tell
# whether the row still holds the token that was read (collision chance 2**-96).
_GUARD_CHARS = 40


def _write_batch(
    model: type, columns: tuple[str, ...], rows: list[tuple[Any, list[tuple[str, str]]]]
) -> None:
    """Write rows of ``(pk, [(new token, old token) per column])`` for the model fields
    ``columns``. Each column is guarded on its own: one whose token changed since it was
    read is left alone, so a concurrent edit is never overwritten with stale text, while
    the row's other stale tokens are still moved. PostgreSQL gets one statement per batch
    (one array per column, bound server-side); other databases one per row."""
    if not rows:
        return
    meta, quote = model._meta, connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    cols = [quote(meta.get_field(name).column) for name in columns]
    if connection.vendor == "postgresql":
        import psycopg

        def same(i: int) -> str:
            return f"SUBSTR(t.{cols[i]}, 1, {_GUARD_CHARS}) = v.o{i}"

        sets = ", ".join(
            f"{col} = CASE WHEN {same(i)} THEN v.n{i} ELSE t.{col} END"
            for i, col in enumerate(cols)
        )
        names = ", ".join(f"n{i}, o{i}" for i in range(len(cols)))
        arrays = ", ".join(
            [f"%b::{meta.pk.rel_db_type(connection)}[]"] + ["%b::text[]"] * (2 * len(cols))
        )
        params: list[list[Any]] = [[pk_value for pk_value, _pairs in rows]]
        for i in range(len(cols)):
            params.append([pairs[i][0] for _pk, pairs in rows])
            params.append([pairs[i][1][:_GUARD_CHARS] for _pk, pairs in rows])
        connection.ensure_connection()
        # Server-side binding: a few arrays of 500 tokens are far cheaper to send than
        # Django's default client-side interpolation of them into one huge SQL string.
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(
                f"UPDATE {table} AS t SET {sets} "  # noqa: S608
                f"FROM unnest({arrays}) AS v(pk, {names}) "
                f"WHERE t.{pk} = v.pk AND ({' OR '.join(same(i) for i in range(len(cols)))})",
                params,
            )
    else:
        guard = [f"SUBSTR({col}, 1, {_GUARD_CHARS}) = %s" for col in cols]
        sets = ", ".join(
            f"{col} = CASE WHEN {guard[i]} THEN %s ELSE {col} END" for i, col in enumerate(cols)
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET {sets} WHERE {pk} = %s AND ({' OR '.join(guard)})",  # noqa: S608
                [
                    (
                        *[v for new, old in pairs for v in (old[:_GUARD_CHARS], new)],
                        pk_value,
                        *[old[:_GUARD_CHARS] for _new, old in pairs],
                    )
                    for pk_value, pairs in rows
                ],
            )


# Stale rows are read window by window: a window is the next ``_WINDOW_ROWS`` rows in
# primary-key order (its end found on the primary-key index), read in one query and
# rewritten in batches. Each query is bounded by its window whatever plan the database
# picks, so a run costs one pass over the table. (Tokens are too wide for PostgreSQL's
# statistics, so it cannot estimate how many rows a LIKE on them matches: a plain
# ``WHERE pk > last ... ORDER BY pk LIMIT n`` was planned as a sort of every candidate row
# of the table, for every batch.)
_WINDOW_ROWS = 5000


def _stale_batches(
    model: type, stale: Q, attrs: list[str], batch_size: int
) -> Iterator[list[tuple[Any, ...]]]:
    """``attrs`` of the rows matching ``stale``, in primary-key order, at most
    ``batch_size`` at a time. Reads take no locks: the guarded UPDATE is the concurrency
    check, so a row read a few batches before it is written is still safe."""
    pk_name = model._meta.pk.attname
    span = max(_WINDOW_ROWS, batch_size)
    ahead = model._base_manager.order_by(pk_name)
    while True:
        end = list(ahead.values_list(pk_name, flat=True)[span - 1 :][:1])
        window = ahead.filter(stale)
        if end:
            window = window.filter(**{f"{pk_name}__lte": end[0]})
        rows = list(window.values_list(*attrs))
        for start in range(0, len(rows), batch_size):
            yield rows[start : start + batch_size]
        if not end:
            return
        ahead = model._base_manager.order_by(pk_name).filter(**{f"{pk_name}__gt": end[0]})


def _reencrypt_table(table: _Table, run: _Run, batch_size: int) -> Iterator[tuple[int, int]]:
    """One pass over ``table`` for all organisations at once: each batch reads every
    registered token of its rows and rewrites the stale ones in one guarded UPDATE, in a
    transaction of its own. Yields (stale tokens seen, tokens that failed) per batch,
    once it has committed."""
    by_version = run.orgs_by_retired_version()
    stale = Q()
    for entry in table.fields:
        stale |= _stale_q(entry, by_version)
    pk_name = table.model._meta.pk.attname
    attrs = list(dict.fromkeys([pk_name, table.organisation_column]))
    for entry in table.fields:
        attrs += [a for a in (entry.row_id_attr, entry.field) if a not in attrs]
    org_at = attrs.index(table.organisation_column)
    fields = [
        (
            entry.field,
            attrs.index(entry.field),
            attrs.index(entry.row_id_attr),
            _aad_prefix(entry.table, entry.logical_field),
        )
        for entry in table.fields
    ]
    shredded = OrganisationKey.objects.filter(pk__in=run.key_ids, state=KeyState.SHREDDED)
    for rows in _stale_batches(table.model, stale, attrs, batch_size):
        done = failed = 0
        writes: dict[tuple[str, ...], list[tuple[Any, list[tuple[str, str]]]]] = {}
        for row in rows:
            org_id = row[org_at]
            prefixes, active = run.stale_prefixes[org_id], run.active[org_id]
            columns: list[str] = []
            pairs: list[tuple[str, str]] = []
            for name, token_at, row_id_at, aad_prefix in fields:
                token = row[token_at]
                version = prefixes.get(token[: token.find(".", len(FORMAT) + 1) + 1])
                if version is None:
                    continue  # empty, or under a live version
                done += 1
                aad_row = aad_prefix + _lp(str(row[row_id_at]))
                try:
                    plaintext = _open_bytes(
                        run.ciphers[(org_id, version)],
                        parse_token(token)[1],
                        aad_row + run.aad_tails[(org_id, version)],
                    )
                except CryptoError:
                    failed += 1
                    continue
                new = _seal_bytes(
                    run.ciphers[(org_id, active)],
                    active,
                    plaintext,
                    aad_row + run.aad_tails[(org_id, active)],
                )
                columns.append(name)
                pairs.append((new, token))
            if columns:
                writes.setdefault(tuple(columns), []).append((row[0], pairs))
        with transaction.atomic():
            if shredded.exists():
                raise KeyShredded("an organisation's keys were shredded during the run")
            for columns, batch in writes.items():
                _write_batch(table.model, columns, batch)
        yield done, failed


def reencrypt(
    *, organisation=None, batch_size: int = 500, on_progress: Progress | None = None
) -> dict[str, int]:
    """Move every registered ciphertext off retired key versions onto the active one.

    One pass per model reads all its registered tokens of a row at once. Each batch is
    its own transaction, and a token is only rewritten if it is unchanged since it was
    read, so a kill at any moment loses nothing and a rerun picks up exactly what is left
    (idempotent). A shred of any key in use stops the run (``KeyShredded``). Returns
    counts; ``failed`` tokens (they do not authenticate) are left untouched.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    run = _plan(organisation)
    tables = _tables() if run.active else []
    by_version = run.orgs_by_retired_version()
    total = sum(_stale_total(t, by_version) for t in tables)
    done = failed = 0
    if on_progress:
        on_progress(done, total)
    for table in tables:
        for batch_done, batch_failed in _reencrypt_table(table, run, batch_size):
            done, failed = done + batch_done, failed + batch_failed
            if on_progress:
                on_progress(done, total)
    fields = len(encrypted_fields()) * len(run.active)
    return {"total": total, "done": done, "failed": failed, "fields": fields}


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
    "decrypt_with_state",
    "encrypt_text",
    "master_key_rotate",
    "organisation_key_rotate",
    "organisation_keys_shred",
    "reencrypt",
    "reencrypt_job_run",
    "reencrypt_run",
]
