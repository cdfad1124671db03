"""Concurrent writes of one organisation on PostgreSQL must not deadlock."""

import threading
import time

import pytest
from django.db import connection, transaction

from coord.cases.services import case_update

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_an_update_does_not_deadlock_with_a_create_that_holds_the_audit_lock(
    make_case, owner_caseworker
):
    """The create holds the audit chain's lock until COMMIT, where the deferred foreign-key
    checks of its rows take KEY SHARE locks on the organisation row. An update that locked
    that row too (FOR UPDATE through select_related) and then queued for the audit lock made
    a cycle, which PostgreSQL broke after a second by failing one of them (a 500 under load).
    """
    existing = make_case()
    holding = threading.Event()
    errors: list[BaseException] = []

    def create_and_hold() -> None:
        try:
            with transaction.atomic():
                make_case()  # case + category rows (deferred FK checks) + audit append
                holding.set()
                time.sleep(0.5)  # the update below now waits for the audit lock
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            holding.set()
            connection.close()

    def update() -> None:
        try:
            holding.wait(5)
            case_update(actor=owner_caseworker, case=existing, data={"age_band": "21-23"})
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create_and_hold), threading.Thread(target=update)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    existing.refresh_from_db()
    assert existing.age_band == "21-23"
