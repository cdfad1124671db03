"""A Celery worker killed with SIGKILL in the middle of a re-encryption job, on PostgreSQL and
Redis (issue 23; slow, CI's PostgreSQL stage only). The worker is ours, on a private
redis-server, so CI's own worker never takes the task.

- The pool process killed: the task goes back to the broker (``acks_late``,
  ``reject_on_worker_lost``) and the restarted pool process finishes the job by itself.
- The whole worker killed: the job's lease expires, it is marked ``interrupted``, and
  ``manage.py resume_job`` on a new worker finishes it.
Either way every row ends on the active key, decrypts, and the job counts each row once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from coord.cases.apps import CASE_TABLE
from coord.cases.models import CaseSummary
from coord.cases.services import case_create
from coord.crypto.services import (
    decrypt_text,
    encrypt_text,
    organisation_key_rotate,
    token_version,
)
from coord.jobs.leases import jobs_interrupt_expired
from coord.jobs.models import Job
from coord.jobs.services import job_create
from tests.production.service import PrivateRedis

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
ROWS = 4000
SUMMARY = "Recruited through an online job advert for factory work across the border."


@pytest.fixture
def redis_server(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.kill()


def _env(redis_server) -> dict[str, str]:
    settings_dict = connection.settings_dict
    url = (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DB_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": redis_server.url,
        "CELERY_RESULT_BACKEND": redis_server.url,
    }


class Worker:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "celery"), "-A", "coord", "worker",
             "--concurrency=1", "--pool=prefork", "--without-gossip", "--without-mingle",
             "--loglevel=INFO"],
            cwd=ROOT, env=env, stdout=log.open("a"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def pool_pids(self) -> list[int]:
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return [int(pid) for pid in out.split()]

    def kill_all(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def rotated(owner_org, owner_caseworker, owner_admin):
    """ROWS cases under key 1, then key 2 made active: a job with work to do."""
    first = case_create(
        actor=owner_caseworker,
        organisation=owner_org,
        data={"reported_month": date(2025, 3, 1), "region": "KH-12", "summary": SUMMARY},
    )
    rows = []
    for _ in range(ROWS - 1):
        case = CaseSummary(organisation=owner_org, reported_month=first.reported_month,
                           region="KH-12", created_by=owner_caseworker)  # fmt: skip
        case.summary_ct = encrypt_text(organisation=owner_org, table=CASE_TABLE,
                                       field="summary", row_id=case.reference,
                                       plaintext=SUMMARY)  # fmt: skip
        rows.append(case)
    CaseSummary.objects.bulk_create(rows, batch_size=1000)
    organisation_key_rotate(organisation=owner_org)
    return job_create(kind="crypto.reencrypt", actor=owner_admin, organisation=owner_org)


def _send(env, job: Job) -> None:
    code = (
        "from coord.crypto.tasks import reencrypt_task; "
        f"reencrypt_task.delay('{job.pk}', {job.organisation_id})"
    )
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                   check=True)  # fmt: skip


def _wait(job: Job, condition, timeout: float = 240) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if condition(job):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job stuck: {job.status} {job.done}/{job.total}")


def _mid_run(job: Job) -> bool:
    return job.status == Job.Status.RUNNING and 0 < job.done < ROWS


def _finished(job: Job) -> bool:
    return job.status in (Job.Status.SUCCEEDED, Job.Status.FAILED)


def _assert_every_row_done_once(job: Job, owner_org, stopped_at: int) -> None:
    """The run after the kill counts only what was left (re-encryption skips rows already on
    the active key): nothing done before the kill is done again, nothing is skipped."""
    assert job.status == Job.Status.SUCCEEDED
    assert job.done == job.total
    assert 0 < job.total <= ROWS - stopped_at
    tokens = list(CaseSummary.objects.values_list("reference", "summary_ct"))
    assert len(tokens) == ROWS
    assert {token_version(token) for _, token in tokens} == {2}
    sample = tokens[:: ROWS // 20]
    for reference, token in sample:
        text = decrypt_text(organisation=owner_org, table=CASE_TABLE, field="summary",
                            row_id=reference, token=token)  # fmt: skip
        assert text == SUMMARY


def test_a_killed_pool_process_gives_the_task_back_and_the_job_finishes(
    rotated, owner_org, redis_server, tmp_path
):
    env = _env(redis_server)
    worker = Worker(env, tmp_path / "worker.log")
    try:
        _send(env, rotated)
        stopped_at = _wait(rotated, _mid_run).done
        (pool,) = worker.pool_pids()
        os.kill(pool, signal.SIGKILL)
        job = _wait(rotated, _finished)
    finally:
        worker.kill_all()
    _assert_every_row_done_once(job, owner_org, stopped_at)


def test_a_killed_worker_is_marked_interrupted_and_resumed_by_one_command(
    rotated, owner_org, redis_server, tmp_path
):
    env = _env(redis_server)
    first = Worker(env, tmp_path / "worker.log")
    try:
        _send(env, rotated)
        stopped_at = _wait(rotated, _mid_run).done
        first.kill_all()
    finally:
        first.kill_all()
    later = timezone.now() + timedelta(hours=1)
    assert jobs_interrupt_expired(now=later) == [rotated.pk]
    rotated.refresh_from_db()
    assert rotated.status == Job.Status.INTERRUPTED
    assert rotated.done >= stopped_at

    second = Worker(env, tmp_path / "worker2.log")
    try:
        subprocess.run([sys.executable, "manage.py", "resume_job", str(rotated.pk)], cwd=ROOT,
                       env=env, check=True, capture_output=True)  # fmt: skip
        job = _wait(rotated, _finished)
    finally:
        second.kill_all()
    _assert_every_row_done_once(job, owner_org, stopped_at)
