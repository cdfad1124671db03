"""API plumbing shared by every app: one error shape, bounded parsing, strict input, paging."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination, serializers, status, throttling
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from coord.lib import errors, keyset, unavailable
from coord.lib.errors import InputCode


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body is too large."
    default_code = "payload_too_large"


class DatabaseUnavailableError(exceptions.APIException):
    """503 with Retry-After (``wait``): the database is down or a statement timed out."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = unavailable.MESSAGE
    default_code = unavailable.CODE

    def __init__(self, *, keys: bool = False) -> None:
        from django.utils.translation import gettext

        message = unavailable.KEYS_MESSAGE if keys else unavailable.MESSAGE
        self.code = unavailable.KEYS_CODE if keys else unavailable.CODE
        super().__init__(gettext(message), code=self.code)
        self.wait = unavailable.KEYS_RETRY_AFTER if keys else unavailable.retry_after_seconds()


class ConflictError(exceptions.APIException):
    """409, the answer to a service's ``Conflict``."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflicts with the current state."
    default_code = "conflict"


class UnprocessableError(exceptions.APIException):
    """422, the answer to a service's ``Unprocessable``."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "The request cannot be processed as sent."
    default_code = "unprocessable"


class ExhaustedError(exceptions.APIException):
    """429, the answer to a service's ``Exhausted`` (a spent budget, not a request rate)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = "This limit is spent for now."
    default_code = "exhausted"


class Pagination(pagination.BasePagination):
    """The one paging style of every list (docs/api.md, Pagination): a keyset cursor.

    ``?cursor=`` (opaque, from ``next_cursor``/``previous_cursor``), ``?page_size=`` (1-200)
    and ``?count=false`` to skip the total. The envelope gives each cursor twice: as the
    token a generated client passes straight back as ``cursor``, and inside the full
    ``next``/``previous`` URL. ``count`` stops at ``COORD_LIST_COUNT_CAP`` (then
    ``count_capped`` is true and the count means "at least").
    """

    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None) -> list:
        self.request = request
        size = keyset.page_size_from(
            request.query_params.get("page_size"), maximum=self.max_page_size
        )
        page = keyset.keyset_page(
            queryset, cursor_token=request.query_params.get("cursor"), size=size
        )
        self.set_page(page, count=self.count_of(queryset))
        return page.rows

    def count_of(self, queryset) -> tuple[int, bool] | None:
        """The capped total, or ``None`` when the caller asked for none (``count=false``)."""
        if not wants_count(self.request):
            return None
        return keyset.capped_count(queryset)

    def set_page(self, page: keyset.KeysetPage, *, count: tuple[int, bool] | None) -> None:
        self.page = page
        self.count = count

    def _link(self, token: str | None) -> str | None:
        if token is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, "cursor", token)

    def get_paginated_response(self, data) -> Response:
        count = self.count
        return Response(
            {
                "count": count[0] if count else None,
                "count_capped": bool(count and count[1]),
                "next": self._link(self.page.next),
                "previous": self._link(self.page.previous),
                "next_cursor": self.page.next,
                "previous_cursor": self.page.previous,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        url = {"type": "string", "nullable": True, "format": "uri"}
        token = {"type": "string", "nullable": True, "example": "WyJuIixbIjIwMjYtMTEtMDEiLDQyXV0"}
        return {
            "type": "object",
            "required": [
                "count",
                "count_capped",
                "next",
                "previous",
                "next_cursor",
                "previous_cursor",
                "results",
            ],
            "properties": {
                "count": {
                    "type": "integer",
                    "nullable": True,
                    "example": 123,
                    "description": "Rows in the whole list, up to the cap; null with "
                    "`count=false`.",
                },
                "count_capped": {
                    "type": "boolean",
                    "description": "True when there are more rows than `count` says "
                    '(show it as "1,000+").',
                },
                "next": {**url, "description": "The next page's URL (null on the last)."},
                "previous": {**url, "description": "The previous page's URL (null on the first)."},
                "next_cursor": {**token, "description": "Pass as `cursor` for the next page."},
                "previous_cursor": {
                    **token,
                    "description": "Pass as `cursor` for the previous page.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": "Opaque position from `next_cursor` or `previous_cursor`.",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "required": False,
                "in": "query",
                "description": f"Rows per page, 1 to {self.max_page_size} (default 50).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
            {
                "name": "count",
                "required": False,
                "in": "query",
                "description": "false: leave out the total (`count` is null); it is capped "
                "otherwise.",
                "schema": {"type": "boolean", "default": True},
            },
        ]


def wants_count(request) -> bool:
    return str(request.query_params.get("count", "true")).lower() not in {"0", "false", "no"}


class StrictSerializer(serializers.Serializer):
    """An input serializer that refuses fields it does not know, so typos are not ignored."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: ["Unknown field."] for name in unknown}, code="unknown_field"
                )
        return super().to_internal_value(data)


def _from_service_error(exc: errors.ServiceError) -> exceptions.APIException:
    """The one mapping of the lower layers' plain exceptions to HTTP."""
    if isinstance(exc, errors.NotFound):
        return exceptions.NotFound()  # one body for missing and off-limits alike
    if isinstance(exc, errors.Forbidden):
        return exceptions.PermissionDenied(exc.message, code=str(exc.code))
    if isinstance(exc, errors.Conflict):
        return ConflictError(exc.message, code=str(exc.code))
    if isinstance(exc, errors.Unprocessable):
        return UnprocessableError(exc.message, code=str(exc.code))
    if isinstance(exc, errors.Exhausted):
        return ExhaustedError(exc.message, code=str(exc.code))
    if isinstance(exc, errors.Invalid):
        return _invalid(exc.errors, code=str(exc.code))
    return _invalid({"non_field_errors": [exc.message]}, code=str(exc.code))


def _invalid(detail: Any, *, code: str = InputCode.INVALID) -> exceptions.ValidationError:
    """A 400 whose body's top-level ``code`` is ``code`` (each field error keeps its own)."""
    error = exceptions.ValidationError(detail, code=code)
    error.error_code = code
    return error


# --- the one error body (docs/api.md "Errors"; the schema's ``Error`` component) ---------

INVALID_DETAIL = _("The input is not valid; see fields.")


def _pii_item(node: dict) -> dict[str, Any]:
    """A PII finding: its kind and position only (the value is never echoed)."""
    item: dict[str, Any] = {
        "code": str(node.get("code", "pii_detected")),
        "message": str(node.get("message", "")),
        "kind": str(node.get("kind", "")),
    }
    for key in ("start", "end"):
        value = node.get(key)
        item[key] = int(value) if str(value).isdigit() else 0
    return item


def _is_pii(node: Any) -> bool:
    return isinstance(node, dict) and "kind" in node and "message" in node


def _items(detail: Any, path: list[str]) -> list[dict[str, Any]]:
    """The problems under one field; ``path`` is where inside it (list index, nested key)."""
    if _is_pii(detail):
        item = _pii_item(detail)
    elif isinstance(detail, dict):
        return [i for key, value in detail.items() for i in _items(value, [*path, str(key)])]
    elif isinstance(detail, list):
        found = []
        for index, value in enumerate(detail):
            nested = isinstance(value, dict) and not _is_pii(value)
            found += _items(value, [*path, str(index)] if nested else path)
        return found
    else:
        item = {"code": str(getattr(detail, "code", None) or "invalid"), "message": str(detail)}
    if len(path) > 1:
        item["path"] = ".".join(path)
    return [item]


def field_errors(detail: Any) -> dict[str, list[dict[str, Any]]]:
    """DRF's error detail as ``{field: [{"code", "message"}, ...]}``, keyed by the input's
    top-level field (``non_field_errors`` for the whole input). A problem deeper inside a
    field says where in ``path`` (``exploitation_types.0``, ``filter.regions.1``); a PII
    finding adds ``kind``, ``start`` and ``end``."""
    if not isinstance(detail, dict):
        detail = {"non_field_errors": detail}
    out: dict[str, list[dict[str, Any]]] = {}
    for name, value in detail.items():
        items = _items(value, [str(name)])
        if items:
            out[str(name)] = items
    return out


def error_body(exc: exceptions.APIException) -> dict[str, Any]:
    """``{"code", "detail"}``, plus ``fields`` for invalid input: the only error shape."""
    if isinstance(exc, exceptions.ValidationError):
        fields = field_errors(exc.detail)
        general = fields.get("non_field_errors") or []
        return {
            "code": str(getattr(exc, "error_code", InputCode.INVALID)),
            "detail": general[0]["message"] if general else str(INVALID_DETAIL),
            "fields": fields,
        }
    detail = exc.detail
    if isinstance(detail, list | dict):  # an APIException raised with structure: flatten
        first = next(iter(field_errors(detail).values()), [{"message": ""}])[0]["message"]
        detail = first or exc.default_detail
    code = getattr(detail, "code", None) or exc.default_code
    return {"code": str(code), "detail": str(detail)}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler plus the services' and Django's own errors, so nothing reaches the
    client as a 500 page; every body is ``error_body``'s shape."""
    if isinstance(exc, errors.ServiceError):
        exc = _from_service_error(exc)
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, DjangoValidationError):
        from rest_framework.fields import get_error_detail

        exc = _invalid(get_error_detail(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif unavailable.is_unavailable(exc):
        unavailable.log_unavailable(context["request"], exc)
        exc = DatabaseUnavailableError(keys=unavailable.is_keys_unavailable(exc))
    # Imported here: DRF's settings name this module, and rest_framework.views reads
    # those settings at import time, so a top-level import would be circular.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = error_body(exc)
    return response


def json_not_found(request, exception=None):
    """JSON 404 under /api/ (clients parse it); Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "not_found", "detail": "Not found."}, status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def json_server_error(request):
    """Django's ``handler500``; a database failure anywhere (a middleware reading the
    session, say) is a 503 with Retry-After instead (coord/lib/unavailable.py)."""
    failure = unavailable.current_exception_is_unavailable()
    if failure is not None:
        return unavailable.unavailable_response(
            request, keys=unavailable.is_keys_unavailable(failure)
        )
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "server_error", "detail": "Server error."}, status=500)
    from django.views.defaults import server_error

    return server_error(request)


def paginated_response(request, view, queryset, serializer_class) -> Response:
    """One page of ``queryset`` in the standard envelope (count, next, previous, results)."""
    paginator = Pagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


class ScopedThrottle(throttling.ScopedRateThrottle):
    """DRF's scoped rates (a view sets ``throttle_scope``; 429 with Retry-After).

    The ``pii_write`` scope counts only writes, so listing cases on a view that also
    creates them is never slowed by it; views without a scope are not throttled.
    """

    def allow_request(self, request, view) -> bool:
        if getattr(view, "throttle_scope", None) == "pii_write" and request.method in (
            "GET",
            "HEAD",
            "OPTIONS",
        ):
            return True
        return super().allow_request(request, view)
