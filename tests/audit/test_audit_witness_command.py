"""``manage.py audit_witness``: the witness script's checks against the service's own
database; a failed check exits 1 and alerts every admin and coordinator."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from coord.audit.services import audit_append, sth_if_due
from coord.audit.sth import sth_as_json, sth_sign
from sharing_policies.models import Notification, NotificationKind


def run(state) -> int:
    try:
        call_command("audit_witness", "--state", str(state))
    except SystemExit as exc:
        return exc.code
    return 0


def test_it_pins_then_accepts_a_growing_log(db, tmp_path):
    state = tmp_path / "witness.json"
    audit_append(action="case.read")
    assert run(state) == 0
    audit_append(action="case.read")
    sth_if_due(force=True)
    assert run(state) == 0
    assert json.loads(state.read_text())["sth"]["tree_size"] == 2


def test_it_exits_1_and_alerts_admins_and_coordinators_when_the_log_shrank(
    owner_admin, grantee_admin, network_coordinator, tmp_path, capsys
):
    audit_append(action="case.read")
    seen = sth_sign(tree_size=10, root_hash=b"\x07" * 32, timestamp=1)
    state = tmp_path / "witness.json"
    state.write_text(json.dumps({"version": 1, "url": "local", "sth": sth_as_json(seen)}))
    assert run(state) == 1
    assert "AUDIT WITNESS CHECK FAILED" in capsys.readouterr().err
    alerts = Notification.objects.filter(kind=NotificationKind.AUDIT_WITNESS_FAILED)
    assert sorted(
        (n.recipient_organisation_id is not None, n.admins_only, n.object_id) for n in alerts
    ) == [(False, False, "10"), (True, True, "10"), (True, True, "10")]
    assert json.loads(state.read_text())["sth"]["tree_size"] == 10  # kept as evidence


@pytest.mark.django_db
def test_it_fails_the_startup_check_when_a_trigger_is_missing():
    from django.db import connection

    from coord.audit.checks import audit_triggers_in_force
    from coord.audit.triggers import drop_append_only_triggers, install_append_only_triggers

    assert audit_triggers_in_force(databases=["default"]) == []
    drop_append_only_triggers(connection, ["audit_auditoutbox"])
    try:
        errors = audit_triggers_in_force(databases=["default"])
    finally:
        install_append_only_triggers(connection)
    assert errors and all(e.id == "audit.E001" for e in errors)
    assert "audit_auditoutbox" in errors[0].msg
