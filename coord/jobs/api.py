from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from coord.lib.views import ApiView
from sharing_policies.access import organisations as policy


class JobOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    status = serializers.CharField()
    done = serializers.IntegerField()
    total = serializers.IntegerField(allow_null=True)
    percent = serializers.FloatField(allow_null=True)
    result = serializers.JSONField()
    error = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


class JobDetailApi(ApiView):
    """Progress of a background job, for the people allowed to see it (404 for others)."""

    @extend_schema(responses={200: JobOutputSerializer})
    def get(self, request, job_id):
        job = policy.get_job_for(request.user, job_id, request=request)
        return Response(JobOutputSerializer(job).data)
