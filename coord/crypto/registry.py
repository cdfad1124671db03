"""Which model fields hold ciphertexts, so re-encryption can find every one of them.

Apps register their fields in ``AppConfig.ready()``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class EncryptedField:
    model: type[models.Model]
    field: str  # model field holding the token
    table: str  # logical table name bound into the associated data
    logical_field: str  # logical field name bound into the associated data
    row_id_attr: str  # attribute holding the row's stable opaque id
    organisation_attr: str  # attribute (FK) of the owning organisation

    @property
    def organisation_column(self) -> str:
        """The attname (``organisation_id``) so batches need no join."""
        return self.model._meta.get_field(self.organisation_attr).attname


_REGISTRY: dict[tuple[str, str], EncryptedField] = {}


def register_encrypted_field(
    *,
    model: type[models.Model],
    field: str,
    table: str,
    logical_field: str,
    row_id_attr: str,
    organisation_attr: str,
) -> None:
    """Declare a ciphertext field. Registering the same field twice is harmless."""
    entry = EncryptedField(model, field, table, logical_field, row_id_attr, organisation_attr)
    existing = _REGISTRY.get((table, logical_field))
    if existing is not None and existing != entry:
        raise ValueError(f"{table}.{logical_field} is already registered differently")
    _REGISTRY[(table, logical_field)] = entry


def unregister_encrypted_field(*, table: str, logical_field: str) -> None:
    """For tests that register a throw-away field."""
    _REGISTRY.pop((table, logical_field), None)


def encrypted_fields() -> list[EncryptedField]:
    return list(_REGISTRY.values())
