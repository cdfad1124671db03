"""Jobs over the API: one "job started" answer for every endpoint that starts one, and the
job resource that reports progress and a typed result (docs/api.md "Jobs")."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from coord.jobs.models import Job
from coord.lib.views import ApiView
from sharing_policies.access import organisations as policy

# The kinds of job the API starts; each has its own ``result`` schema below.
JOB_KINDS = ("audit.verify", "crypto.reencrypt", "imports.commit")
JOB_STATUSES = tuple(Job.Status.values)


def job_url(job: Job) -> str:
    return f"/api/v1/jobs/{job.pk}/"


class JobStartedSerializer(serializers.Serializer):
    """The answer of every endpoint that starts a job (202, ``Location`` = ``url``): the job
    as it was accepted. Its status is ``pending`` — poll ``url`` for progress and result."""

    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=JOB_KINDS)
    status = serializers.ChoiceField(
        choices=[("pending", "pending")],
        help_text="Always `pending` here (never a final state); the job resource has more.",
    )
    url = serializers.CharField(help_text="Path of the job resource (also in `Location`).")
    job = serializers.UUIDField(
        help_text="Deprecated alias of `id` (kept until API v2).",
    )


def job_started(job: Job) -> Response:
    """202 with the one "job started" body and a ``Location`` header."""
    url = job_url(job)
    data = {"id": job.pk, "kind": job.kind, "status": "pending", "url": url, "job": job.pk}
    response = Response(JobStartedSerializer(data).data, status=status.HTTP_202_ACCEPTED)
    response["Location"] = url
    return response


def job_started_schema(**kwargs) -> dict:
    """``extend_schema`` arguments for an endpoint that starts a job."""
    return {
        "responses": {
            202: OpenApiResponse(
                JobStartedSerializer, description="Job accepted; poll the `Location` URL."
            )
        },
        "parameters": [
            OpenApiParameter(
                "Location",
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                response=[202],
                description="Path of the job resource, as `url` in the body.",
            )
        ],
        **kwargs,
    }


class AuditVerifyResultSerializer(serializers.Serializer):
    """``result`` of an ``audit.verify`` job: ``manage.py verify_audit``'s JSON. ``ok`` is
    the verdict; the counts come with a pass, ``first_bad_*`` and ``reason`` with a fail."""

    ok = serializers.BooleanField()
    events = serializers.IntegerField(required=False)
    checkpoints = serializers.IntegerField(required=False)
    tree_heads = serializers.IntegerField(required=False)
    witnessed = serializers.IntegerField(required=False)
    first_bad_event = serializers.IntegerField(required=False)
    first_bad_tree_size = serializers.IntegerField(required=False)
    reason = serializers.CharField(required=False)
    trigger_problems = serializers.ListField(child=serializers.CharField(), required=False)


class ReencryptResultSerializer(serializers.Serializer):
    """``result`` of a ``crypto.reencrypt`` job: rows re-encrypted under the new key."""

    total = serializers.IntegerField()
    done = serializers.IntegerField()
    failed = serializers.IntegerField()
    fields = serializers.IntegerField()


class ImportCommitResultSerializer(serializers.Serializer):
    """``result`` of an ``imports.commit`` job: cases created, rows skipped because their
    import key was already imported, rows refused by the dry run."""

    created = serializers.IntegerField()
    skipped = serializers.IntegerField()
    refused = serializers.IntegerField()


class JobResultField(serializers.JSONField):
    """``{}`` until the job succeeds; then the result of its kind: ``AuditVerifyResult``,
    ``ReencryptResult`` or ``ImportCommitResult`` in the schema (coord.lib.schema types it
    as a ``oneOf``)."""


class JobOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=JOB_KINDS)
    status = serializers.ChoiceField(choices=JOB_STATUSES)
    done = serializers.IntegerField()
    total = serializers.IntegerField(allow_null=True)
    percent = serializers.FloatField(allow_null=True)
    result = JobResultField()
    error = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)

    def get_error(self, job) -> str | None:
        """Why the job failed, for people; ``null`` when it has not failed (never ``""``)."""
        return job.error or None


class JobDetailApi(ApiView):
    """Progress of a background job, for the people allowed to see it (404 for others)."""

    @extend_schema(
        operation_id="jobs_retrieve",
        summary="Read a job",
        description="Status, progress and, once it succeeded, the typed result of a job.",
        responses={200: JobOutputSerializer},
    )
    def get(self, request, job_id):
        job = policy.get_job_for(request.user, job_id, request=request)
        return Response(JobOutputSerializer(job).data)
