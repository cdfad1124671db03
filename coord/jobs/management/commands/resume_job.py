"""``manage.py resume_job JOB_ID``: queue an interrupted (or failed) job again.

The job keeps its id, so the page or API client watching it sees it run again; the work is
idempotent, so it continues from where it stopped. ``--all`` resumes every interrupted job.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from coord.jobs.leases import NotResumableError, job_mark_resumed
from coord.jobs.models import Job
from coord.jobs.services import job_enqueue


def _task_args(job: Job):
    """The Celery task and arguments that run a job of this kind."""
    if job.kind == "crypto.reencrypt" and job.organisation_id is not None:
        from coord.crypto.tasks import reencrypt_task

        return reencrypt_task, (job.organisation_id,)
    if job.kind == "audit.verify":
        from coord.audit.tasks import audit_verify_task

        return audit_verify_task, ()
    if job.kind == "imports.commit":
        from coord.imports.models import Import
        from coord.imports.tasks import import_commit_task

        upload = Import.objects.filter(job_id=job.pk).first()
        if upload is not None:
            return import_commit_task, (str(upload.pk),)
    raise NotResumableError(f"no task is known for jobs of kind {job.kind!r}")


class Command(BaseCommand):
    help = "Queue an interrupted or failed job again; it continues from where it stopped."

    def add_arguments(self, parser):
        parser.add_argument("job_ids", nargs="*", help="ids of the jobs to resume")
        parser.add_argument("--all", action="store_true", help="every interrupted job")

    def handle(self, *args, job_ids: list[str], all: bool, **options):
        if all:
            job_ids = [
                str(pk)
                for pk in Job.objects.filter(status=Job.Status.INTERRUPTED).values_list(
                    "pk", flat=True
                )
            ]
        if not job_ids:
            raise CommandError("name a job id, or --all")
        for job_id in job_ids:
            try:
                job = Job.objects.filter(pk=job_id).first()
                if job is None:
                    raise NotResumableError("no such job")
                task, task_args = _task_args(job)
                job_mark_resumed(job_id=job.pk)
            except (NotResumableError, ValueError, ValidationError) as exc:
                raise CommandError(f"{job_id}: {exc}") from None
            job_enqueue(job.pk, task, *task_args)
            self.stdout.write(f"{job.pk}: queued again ({job.kind}, {job.done} done before)")
