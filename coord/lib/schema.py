"""OpenAPI schema tweaks. The schema drives the API fuzzing in CI (scripts/schemathesis.sh),
so it must describe the API exactly; imported lazily by DRF (DEFAULT_SCHEMA_CLASS)."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema as _AutoSchema


class AutoSchema(_AutoSchema):
    """Component names from the qualified class name, so the many nested
    ``SomeApi.InputSerializer`` classes no longer collide into one component."""

    def get_serializer_name(self, serializer, direction: str) -> str:
        return serializer.__class__.__qualname__.replace(".", "")


class _MonthFieldExtension(OpenApiSerializerFieldExtension):
    """``YYYY-MM`` month fields (cases, sharing filters) are strings with a pattern."""

    target_class = "coord.cases.serializers.MonthField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction) -> dict:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2025-03"}


class _MonthTextFieldExtension(_MonthFieldExtension):
    target_class = "sharing_policies.api.MonthTextField"
