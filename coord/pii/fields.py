"""The PII guard as a DRF serializer field (API glue: only serializers import this)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from coord.pii.validation import pii_check


class PiiGuardedCharField(serializers.CharField):
    """A CharField that refuses values holding direct identifiers (400, no echo). A value
    it passes is a ``CleanText``, which the services' own check does not scan again."""

    def to_internal_value(self, data: Any) -> str:
        value, errors = pii_check(super().to_internal_value(data))
        if errors:
            raise serializers.ValidationError(errors)
        return value
