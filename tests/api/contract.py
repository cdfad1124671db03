"""Check real API responses against the published OpenAPI schema (issue 24).

The schema is what partners generate clients from, so a response that does not validate
against it breaks their client. ``check(response, method, path)`` finds the documented
answer for the response's status code and validates the body with the OpenAPI 3.0 rules
(``nullable``, ``readOnly``), strictly: every object the schema describes refuses keys it
does not declare, as a strict generated client would.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from drf_spectacular.generators import SchemaGenerator
from openapi_schema_validator import OAS30Validator, oas30_format_checker


@functools.cache
def published_schema() -> dict[str, Any]:
    """The schema exactly as ``/api/schema/`` serves it (it does not depend on the data)."""
    return SchemaGenerator().get_schema(request=None, public=True)


def _strict(node: Any) -> Any:
    """Objects with declared properties and no ``additionalProperties`` refuse others."""
    if isinstance(node, dict):
        out = {key: _strict(value) for key, value in node.items()}
        if "properties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False
        return out
    if isinstance(node, list):
        return [_strict(item) for item in node]
    return node


@functools.cache
def _strict_components() -> dict[str, Any]:
    return _strict(copy.deepcopy(published_schema()["components"]))


def operation(method: str, path: str) -> dict[str, Any]:
    """The schema's operation for a concrete path (``/api/v1/cases/AB12/``)."""
    wanted = path.split("?")[0].split("/")
    for template, item in published_schema()["paths"].items():
        parts = template.split("/")
        if len(parts) != len(wanted) or method.lower() not in item:
            continue
        if all(p == w or (p.startswith("{") and w) for p, w in zip(parts, wanted, strict=True)):
            return item[method.lower()]
    raise AssertionError(f"{method} {path} is not in the published schema")


def response_schema(method: str, path: str, status: int) -> dict[str, Any] | None:
    """The documented JSON body schema of that answer (None: documented without a body)."""
    responses = operation(method, path)["responses"]
    documented = responses.get(str(status)) or responses.get("default")
    assert documented is not None, f"{method} {path} does not document {status}"
    content = documented.get("content")
    if not content:
        return None
    assert "application/json" in content, f"{method} {path} {status} is not JSON"
    return content["application/json"]["schema"]


def check(response, method: str, path: str) -> Any:
    """Validate ``response`` against the schema; returns the parsed body."""
    schema = response_schema(method, path, response.status_code)
    if schema is None:
        assert not response.content, f"{method} {path} answered a body it does not document"
        return None
    body = response.json()
    root = {**_strict(copy.deepcopy(schema)), "components": _strict_components()}
    OAS30Validator(root, format_checker=oas30_format_checker).validate(body)
    return body


def check_error(response) -> dict[str, Any]:
    """Validate an error answer against the ``Error`` component (for statuses an operation
    need not document, such as 405)."""
    body = response.json()
    root = {"$ref": "#/components/schemas/Error", "components": _strict_components()}
    OAS30Validator(root, format_checker=oas30_format_checker).validate(body)
    return body
