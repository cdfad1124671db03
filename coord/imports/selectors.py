"""Reads of imports (the access policy decides who may have them)."""

from __future__ import annotations

import uuid

from coord.imports.models import Import


def import_get(import_id) -> Import | None:
    try:
        key = uuid.UUID(str(import_id))
    except ValueError:
        return None
    return Import.objects.select_related("organisation", "job").filter(pk=key).first()
