"""``Idempotency-Key`` on the API's creates: one helper every create view calls.

A view hands ``idempotent`` two functions: ``create`` (does the work, returns the response
and the public id of what it made) and ``replay`` (reads that object again through the
access policy, as a plain read would). Only the status and the id are kept, never the body.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.response import Response

from coord.idempotency import services

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# Printable ASCII without spaces, as a UUID or any client-chosen token is.
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"
_KEY = re.compile(KEY_PATTERN)

IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    HEADER,
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    pattern=KEY_PATTERN,
    description=(
        "A unique key per create (a UUID, say), so a retry cannot create twice: for 24 hours "
        "the same key with the same body answers the first create's status and the object as "
        "it reads now (`Idempotent-Replayed: true`); with a different body 422 "
        "`idempotency_key_reused`; while the first request still runs 409 "
        "`idempotency_in_progress`. A failed create does not keep the key."
    ),
)


def _fingerprint(request) -> str:
    """Method, path and body (as parsed, keys sorted: spacing does not matter). A multipart
    body counts its form fields and, per uploaded file, a SHA-256 of its bytes: the same key
    with another file (even under the same name) is another request. The file is only read
    here, never kept."""
    files = request.FILES
    if files:
        fields = {name: request.data.getlist(name) for name in request.data if name not in files}
        digests = {name: [_file_digest(upload) for upload in files.getlist(name)] for name in files}
        body = _canonical(fields) + "\nfiles:" + _canonical(digests)
    else:
        body = _canonical(request.data)
    return services.idempotency_digest(f"{request.method}\n{request.path}\n{body}")


def _canonical(value) -> str:
    # JSON escapes newlines, so the "\nfiles:" separator above cannot occur inside it.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def _file_digest(upload) -> str:
    """SHA-256 of an uploaded file, read in chunks; rewound for the view to read it."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def idempotent(
    request,
    *,
    create: Callable[[], tuple[Response, str]],
    replay: Callable[[str], Response],
) -> Response:
    """Run ``create`` once per ``Idempotency-Key``; without the header, simply run it."""
    key = request.headers.get(HEADER)
    if key is None:
        response, _object_id = create()
        return response
    if not _KEY.match(key):
        raise serializers.ValidationError(
            {HEADER: ["Use 1 to 255 printable ASCII characters without spaces, e.g. a UUID."]}
        )
    claim = services.idempotency_claim(
        user=request.user,
        key_hash=services.idempotency_digest(key),
        fingerprint=_fingerprint(request),
    )
    if claim.replay:
        response = replay(claim.record.object_id)
        response.status_code = claim.record.status
        response[REPLAYED_HEADER] = "true"
        return response
    try:
        response, object_id = create()
    except BaseException:
        services.idempotency_release(record=claim.record)
        raise
    if 200 <= response.status_code < 300:
        services.idempotency_finish(
            record=claim.record, status=response.status_code, object_id=object_id
        )
    else:
        services.idempotency_release(record=claim.record)
    return response
