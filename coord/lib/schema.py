"""OpenAPI schema tweaks. The schema drives the API fuzzing in CI (scripts/schemathesis.sh),
so it must describe the API exactly; imported lazily by DRF (DEFAULT_SCHEMA_CLASS)."""

from __future__ import annotations

import re

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema as _AutoSchema


class AutoSchema(_AutoSchema):
    """Component names from the qualified class name, so the many nested
    ``SomeApi.InputSerializer`` classes no longer collide into one component."""

    def get_serializer_name(self, serializer, direction: str) -> str:
        return serializer.__class__.__qualname__.replace(".", "")

    def _get_paginator(self):
        """Our APIViews page every list through ``coord.lib.api.paginated_response``, so a
        ``many=True`` response is the paged envelope (count, next, previous, results)."""
        from coord.lib.api import Pagination

        return super()._get_paginator() or (Pagination() if self.method == "GET" else None)

    def _get_response_bodies(self, direction: str = "response") -> dict:
        """Document the error answers every endpoint may give (coord.lib.api's one error
        shape), so clients and the fuzzer know a 400/401/403/404/409/413/429 is expected."""
        responses = super()._get_response_bodies(direction)
        codes = ERROR_CODES if self.method in ("POST", "PUT", "PATCH") else READ_ERROR_CODES
        for code, description in codes.items():
            content = SERVER_PAGE_CONTENT if code == "414" else ERROR_CONTENT
            responses.setdefault(code, {"description": description, "content": content})
        return responses


ERROR_CONTENT = {
    "application/json": {
        "schema": {
            "type": "object",
            "description": "``detail`` (and ``code``), or field name -> list of messages",
            "additionalProperties": True,
        }
    }
}
# gunicorn (or the proxy in front) refuses an over-long request line with its own page.
SERVER_PAGE_CONTENT = {"text/html": {"schema": {"type": "string"}}}
READ_ERROR_CODES = {
    "400": "Invalid query parameters",
    "401": "Not signed in",
    "403": "Signed in, but this role may not do this",
    "404": "No such object, or not visible to you",
    "414": "Request line too long (refused by the web server)",
    "429": "Too many requests (see Retry-After)",
}
ERROR_CODES = {
    **READ_ERROR_CODES,
    "400": "Invalid input: field name -> list of messages",
    "409": "Conflicts with the current state",
    "413": "Request body too large",
    "415": "Unsupported media type",
}


class _MonthFieldExtension(OpenApiSerializerFieldExtension):
    """``YYYY-MM`` month fields (cases, sharing filters) are strings with a pattern."""

    target_class = "coord.cases.serializers.MonthField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction) -> dict:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2025-03"}


class _CodeListFieldExtension(OpenApiSerializerFieldExtension):
    """A stored list of codes: an array of its choice set's enum (a named component)."""

    target_class = "coord.cases.serializers.CodeListField"

    def map_serializer_field(self, auto_schema, direction) -> dict:
        from rest_framework import serializers

        choices = self.target.choices_class
        if choices is None:
            return {"type": "array", "items": {"type": "string"}}
        item = serializers.ChoiceField(choices=tuple(choices.choices))
        return {"type": "array", "items": auto_schema._map_serializer_field(item, direction)}


class _MonthTextFieldExtension(_MonthFieldExtension):
    target_class = "sharing_policies.api.MonthTextField"


def _varname(value: object) -> str:
    """A readable constant name for an enum value no choices class names."""
    text = str(value).replace("+", "_plus")
    name = re.sub(r"\W+", "_", text).strip("_").upper() or "BLANK"
    return f"V_{name}" if name[0].isdigit() else name


def _override_varnames() -> dict[str, dict[str, str]]:
    """Component name -> {value: Python member name}, from the choices classes that
    ``ENUM_NAME_OVERRIDES`` names."""
    from django.utils.module_loading import import_string
    from drf_spectacular.settings import spectacular_settings

    names = {}
    for component, source in spectacular_settings.ENUM_NAME_OVERRIDES.items():
        if not isinstance(source, str):
            continue
        choices = import_string(source)
        if hasattr(choices, "names") and hasattr(choices, "values"):
            pairs = zip(choices.names, choices.values, strict=True)
            names[component] = {str(value): name for name, value in pairs}
    return names


def enum_varnames(result: dict, generator, **kwargs) -> dict:
    """Postprocessing hook: ``x-enum-varnames`` on every enum component, so generated
    clients say ``AgeBandEnum.A18_20`` instead of ``VALUE_2`` (issue 24)."""
    known = _override_varnames()
    for component, schema in result.get("components", {}).get("schemas", {}).items():
        values = schema.get("enum")
        if not values or None in values:
            continue
        mapping = known.get(component, {})
        schema["x-enum-varnames"] = [mapping.get(str(v)) or _varname(v) for v in values]
    return result
