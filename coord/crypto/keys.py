"""The data-key store: lookup, lazy creation and a small in-process cache.

Unwrapped keys are cached per process for ``COORD_KEY_CACHE_SECONDS`` (default 30).
A cached key is only ever one that is committed: entries are filled through
``transaction.on_commit``, so a key made in a transaction that rolls back is never
remembered. After the TTL a process re-reads the key row, so a shred or a rotation
made by another process is honoured within the TTL; the shredding process drops
its own cache at once. See docs/encryption.md "Caching".
"""

from __future__ import annotations

import os
import threading
import time

from django.conf import settings
from django.db import IntegrityError, transaction

from coord.crypto.exceptions import DecryptionFailed, KeyShredded
from coord.crypto.models import KeyState, OrganisationKey
from coord.crypto.providers import MasterKeyProvider, get_provider

_lock = threading.Lock()
_keys: dict[tuple[int, int], tuple[float, bytes]] = {}
_active: dict[int, tuple[float, int]] = {}


def wrap_context(org_id: int, version: int) -> bytes:
    """Associated data of a wrapped key: a wrapped key moved to another org/version fails."""
    return f"coord.orgkey.v1|org={org_id}|version={version}".encode()


def _ttl() -> float:
    return float(getattr(settings, "COORD_KEY_CACHE_SECONDS", 30))


def clear_key_cache(org_id: int | None = None) -> None:
    """Forget cached keys (all, or one organisation's)."""
    with _lock:
        if org_id is None:
            _keys.clear()
            _active.clear()
            return
        for k in [k for k in _keys if k[0] == org_id]:
            del _keys[k]
        _active.pop(org_id, None)


def _remember(org_id: int, version: int, key: bytes, *, active: bool) -> None:
    def store() -> None:
        now = time.monotonic()
        with _lock:
            _keys[(org_id, version)] = (now, key)
            if active:
                _active[org_id] = (now, version)

    transaction.on_commit(store)


def unwrap_row(row: OrganisationKey, provider: MasterKeyProvider | None = None) -> bytes:
    if row.state == KeyState.SHREDDED or row.wrapped_key is None:
        raise KeyShredded("this organisation's key was shredded")
    provider = provider or get_provider()
    return provider.unwrap(
        bytes(row.wrapped_key), context=wrap_context(row.organisation_id, row.version)
    )


def key_for(org_id: int, version: int, *, use_cache: bool = True) -> bytes:
    """The data key ``version`` of an organisation, for decryption."""
    if use_cache:
        hit = _keys.get((org_id, version))
        if hit is not None and time.monotonic() - hit[0] < _ttl():
            return hit[1]
    row = OrganisationKey.objects.filter(organisation_id=org_id, version=version).first()
    if row is None:
        raise DecryptionFailed("unknown key version")
    if row.state == KeyState.SHREDDED:
        clear_key_cache(org_id)
    key = unwrap_row(row)
    # For decryption the key is kept at once, so a page of rows under one key unwraps it
    # once: a key whose row is later rolled back can only make a decryption miss, and
    # ``decrypt_text`` then retries from the database. Marking it active (for encryption)
    # still waits for the commit.
    with _lock:
        _keys[(org_id, version)] = (time.monotonic(), key)
    _remember(org_id, version, key, active=row.state == KeyState.ACTIVE)
    return key


def active_key_for(org_id: int) -> tuple[int, bytes]:
    """The active (version, key) of an organisation, created at first use.

    An organisation whose keys were shredded gets no new key implicitly: encryption
    raises ``KeyShredded`` until an operator runs ``rotate_keys --org``.
    """
    hit = _active.get(org_id)
    if hit is not None and time.monotonic() - hit[0] < _ttl():
        cached = _keys.get((org_id, hit[1]))
        if cached is not None:
            return hit[1], cached[1]
    row = OrganisationKey.objects.filter(organisation_id=org_id, state=KeyState.ACTIVE).first()
    if row is None:
        if OrganisationKey.objects.filter(organisation_id=org_id).exists():
            clear_key_cache(org_id)
            raise KeyShredded("this organisation's keys were shredded")
        row = _create_first_key(org_id)
    key = unwrap_row(row)
    _remember(org_id, row.version, key, active=True)
    return row.version, key


def new_key_row(org_id: int, version: int, provider: MasterKeyProvider) -> OrganisationKey:
    """An unsaved active key row holding a fresh random key, wrapped."""
    key = os.urandom(32)
    return OrganisationKey(
        organisation_id=org_id,
        version=version,
        wrapped_key=provider.wrap(key, context=wrap_context(org_id, version)),
        master_key_id=provider.key_id,
        state=KeyState.ACTIVE,
    )


def _create_first_key(org_id: int) -> OrganisationKey:
    from coord.audit.services import audit_append
    from coord.organisations.models import Organisation

    provider = get_provider()
    try:
        with transaction.atomic():
            row = new_key_row(org_id, 1, provider)
            row.save()
            organisation = Organisation.objects.get(pk=org_id)
            audit_append(
                action="key.create",
                organisation=organisation,
                object_type="organisation_key",
                object_id=f"{organisation.slug}:v1",
                details={"version": 1, "master_key_id": provider.key_id},
            )
            return row
    except IntegrityError:
        # Another process created it first; use theirs.
        return OrganisationKey.objects.get(organisation_id=org_id, state=KeyState.ACTIVE)
