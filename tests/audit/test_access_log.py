"""coord.audit.selectors.access_log: who outside the owner touched one of its objects."""

from coord.audit.selectors import access_log
from coord.audit.services import audit_append
from tests.audit.helpers import sequenced


def test_it_lists_outsiders_reads_and_attempts_on_one_object(
    owner_caseworker, grantee_caseworker, stranger_caseworker, network_coordinator
):
    case = {"organisation": "owner-org", "object_type": "case", "object_id": "C-ABC"}
    audit_append(action="case.update", actor=owner_caseworker, **case)
    read = sequenced(
        audit_append(action="case.read", actor=grantee_caseworker, details={"grant": "G-1"}, **case)
    )
    tried = sequenced(
        audit_append(action="case.read_denied", actor=stranger_caseworker, outcome="denied", **case)
    )
    other_case = {**case, "object_id": "C-XYZ"}
    audit_append(action="case.read", actor=grantee_caseworker, **other_case)
    audit_append(
        action="case.read",
        actor=grantee_caseworker,
        object_type="case",
        object_id="C-ABC",
        organisation="grantee-org",
    )
    log = access_log(organisation_slug="owner-org", object_type="case", object_id="C-ABC")
    assert list(log) == [tried, read]
    assert log[1].details == {"grant": "G-1"}
    assert (log[0].actor_organisation, log[0].outcome) == ("stranger-org", "denied")


def test_it_includes_actors_without_an_organisation(network_coordinator):
    event = sequenced(
        audit_append(
            action="case.read_denied",
            actor=network_coordinator,
            organisation="owner-org",
            object_type="case",
            object_id="C-1",
            outcome="denied",
        )
    )
    log = access_log(organisation_slug="owner-org", object_type="case", object_id="C-1")
    assert list(log) == [event]


def test_it_leaves_out_the_owners_own_members(owner_admin, owner_caseworker):
    for user in (owner_admin, owner_caseworker):
        audit_append(
            action="case.read",
            actor=user,
            organisation="owner-org",
            object_type="case",
            object_id="C-1",
        )
    assert not access_log(organisation_slug="owner-org", object_type="case", object_id="C-1")
