"""The PII guard as a DRF serializer field (API glue: only serializers import this)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from coord.pii.validation import pii_errors


class PiiGuardedCharField(serializers.CharField):
    """A CharField that refuses values holding direct identifiers (400, no echo)."""

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        errors = pii_errors(value)
        if errors:
            raise serializers.ValidationError(errors)
        return value
