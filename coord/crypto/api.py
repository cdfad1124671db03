"""Key rotation over the API: rotate, then re-encrypt in the background."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from coord.crypto.services import organisation_key_rotate
from coord.crypto.tasks import reencrypt_task
from coord.jobs.services import job_create, job_enqueue
from coord.lib.api import StrictSerializer
from coord.lib.views import ApiView
from sharing_policies.access import organisations as policy


class KeyRotateInputSerializer(StrictSerializer):
    """No options: the body must be empty or ``{}``."""


class KeyRotateOutputSerializer(serializers.Serializer):
    job = serializers.UUIDField()


class KeyRotateApi(ApiView):
    """An organisation admin starts a new key version; re-encryption runs as a Job."""

    @extend_schema(request=KeyRotateInputSerializer, responses={202: KeyRotateOutputSerializer})
    def post(self, request, slug):
        org = policy.organisation_for_key_admin(request.user, slug, request=request)
        KeyRotateInputSerializer(data=request.data or {}).is_valid(raise_exception=True)
        with transaction.atomic():
            organisation_key_rotate(organisation=org, actor=request.user, request=request)
            job = job_create(
                kind="crypto.reencrypt", actor=request.user, organisation=org, request=request
            )
            job_enqueue(job.pk, reencrypt_task, org.pk)
        return Response(
            KeyRotateOutputSerializer({"job": job.pk}).data, status=status.HTTP_202_ACCEPTED
        )
