"""API plumbing shared by every app: one error shape, bounded parsing, strict input, paging."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.http import Http404, JsonResponse
from rest_framework import exceptions, pagination, serializers, status, throttling
from rest_framework.response import Response

from coord.lib import errors, unavailable


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


class ExhaustedError(exceptions.APIException):
    """429, the answer to a service's ``Exhausted`` (a spent budget, not a request rate)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = "This limit is spent for now."
    default_code = "exhausted"


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


_TOTAL = "_page_total"


class CountInPagePaginator(Paginator):
    """Counts with the page (``COUNT(*) OVER ()``) instead of in a query of its own.

    For lists whose page query reads every matching row anyway (a partner's shared cases,
    ordered over the union of its grants): a separate ``count()`` would read them all a
    second time. Only an empty page (past the end, or nothing at all) falls back to
    ``count()``.
    """

    def page(self, number: Any) -> Page:
        try:
            index = max(int(number), 1) - 1
        except (TypeError, ValueError):
            index = 0  # validate_number below raises the usual error
        bottom = index * self.per_page
        counted = self.object_list.annotate(**{_TOTAL: Window(Count("*"))})
        rows = list(counted[bottom : bottom + self.per_page])
        if rows:
            self.__dict__["count"] = getattr(rows[0], _TOTAL)
        return self._get_page(rows, self.validate_number(number), self)


class CountInPagePagination(Pagination):
    django_paginator_class = CountInPagePaginator


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
    if isinstance(exc, errors.Exhausted):
        return ExhaustedError(exc.message, code=str(exc.code))
    if isinstance(exc, errors.Invalid):
        return exceptions.ValidationError(exc.errors, code=str(exc.code))
    return exceptions.ValidationError({"non_field_errors": [exc.message]}, code=str(exc.code))


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler plus the services' and Django's own errors, so nothing reaches the
    client as a 500 page."""
    if isinstance(exc, errors.ServiceError):
        exc = _from_service_error(exc)
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
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
    if isinstance(exc, DatabaseUnavailableError) and response is not None:
        response.data = {"detail": response.data["detail"], "code": exc.code}
    if response is not None and response.status_code == 400:
        from coord.pii.validation import restore_pii_positions

        restore_pii_positions(response.data)
    return response


def json_not_found(request, exception=None):
    """JSON 404 under /api/ (clients parse it); Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
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
        return JsonResponse({"detail": "Server error."}, status=500)
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
