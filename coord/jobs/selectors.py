from __future__ import annotations

from uuid import UUID

from coord.jobs.models import Job


def job_get(*, job_id: UUID | str) -> Job | None:
    try:
        return Job.objects.select_related("organisation").filter(pk=job_id).first()
    except (ValueError, TypeError):
        return None
