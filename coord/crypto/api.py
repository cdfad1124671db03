"""Key rotation over the API: rotate, then re-encrypt in the background."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import extend_schema

from coord.crypto.services import organisation_key_rotate
from coord.crypto.tasks import reencrypt_task
from coord.jobs.api import job_started, job_started_schema
from coord.jobs.services import job_create, job_enqueue
from coord.lib.api import StrictSerializer
from coord.lib.views import ApiView
from sharing_policies.access import organisations as policy


class KeyRotateInputSerializer(StrictSerializer):
    """No options: the body must be empty or ``{}``."""


class KeyRotateApi(ApiView):
    """An organisation admin starts a new key version; re-encryption runs as a Job."""

    @extend_schema(
        **job_started_schema(
            operation_id="organisations_keys_rotate",
            summary="Rotate an organisation's key",
            description=(
                "Starts a new key version at once and a `crypto.reencrypt` job that "
                "re-encrypts the organisation's texts under it. Organisation admins only."
            ),
            request=KeyRotateInputSerializer,
        )
    )
    def post(self, request, slug):
        org = policy.organisation_for_key_admin(request.user, slug, request=request)
        KeyRotateInputSerializer(data=request.data or {}).is_valid(raise_exception=True)
        with transaction.atomic():
            organisation_key_rotate(organisation=org, actor=request.user, request=request)
            job = job_create(
                kind="crypto.reencrypt", actor=request.user, organisation=org, request=request
            )
            job_enqueue(job.pk, reencrypt_task, org.pk)
        return job_started(job)
