"""Locust users for ``manage.py bench --scenario load``: caseworkers reading and writing.

Reads its tokens and case references from the JSON file named by ``COORD_BENCH_LOAD_FILE``
(written by ``coord.bench.load``). Each user stops after ``COORD_BENCH_MAX_TASKS`` tasks,
so a run is bounded in count as well as in time. Only ever points at 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task
from locust.exception import StopUser

with open(os.environ["COORD_BENCH_LOAD_FILE"]) as fh:
    SETUP = json.load(fh)
MAX_TASKS = int(os.environ.get("COORD_BENCH_MAX_TASKS", "500"))


class Caseworker(HttpUser):
    """One caseworker of one organisation: mostly reads, some creates and updates."""

    wait_time = between(0.05, 0.25)

    def on_start(self) -> None:
        self.me = random.choice(SETUP["caseworkers"])
        self.client.headers["Authorization"] = f"Token {self.me['token']}"
        self.refs = list(self.me["references"])
        self.tasks_done = 0

    def _count(self) -> None:
        self.tasks_done += 1
        if self.tasks_done > MAX_TASKS:
            raise StopUser

    @task(4)
    def list_own(self) -> None:
        self._count()
        self.client.get("/api/v1/cases/", name="GET /cases/")

    @task(2)
    def list_shared(self) -> None:
        self._count()
        self.client.get("/api/v1/cases/?scope=shared", name="GET /cases/?scope=shared")

    @task(3)
    def read_one(self) -> None:
        self._count()
        ref = random.choice(self.refs)
        self.client.get(f"/api/v1/cases/{ref}/", name="GET /cases/<ref>/")

    @task(2)
    def create(self) -> None:
        self._count()
        with self.client.post(
            "/api/v1/cases/", json=self.me["payload"], name="POST /cases/", catch_response=True
        ) as response:
            if response.status_code == 201:
                self.refs.append(response.json()["reference"])
                response.success()
            else:
                response.failure(f"status {response.status_code}")

    @task(1)
    def update(self) -> None:
        self._count()
        ref = random.choice(self.refs)
        self.client.patch(
            f"/api/v1/cases/{ref}/",
            json={"age_band": random.choice(["18-20", "21-23"])},
            name="PATCH /cases/<ref>/",
        )
