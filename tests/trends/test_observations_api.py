"""/api/v1/trend-observations/: owned like cases, note encrypted and PII-guarded, audited."""

from __future__ import annotations

import pytest

from coord.audit.models import AuditEvent
from coord.trends.models import ObservationCategory, TrendObservation

URL = "/api/v1/trend-observations/"


def detail(public_id: str) -> str:
    return f"{URL}{public_id}/"


@pytest.mark.parametrize("who", ["owner_caseworker", "owner_admin"])
def test_it_lets_members_log_an_observation(api, request, who, observation_payload):
    res = api.as_user(request.getfixturevalue(who)).post(URL, observation_payload, format="json")
    assert res.status_code == 201
    body = res.json()
    assert body["public_id"].startswith("T-")
    assert body["period"] == "2025-10"
    assert body["technologies"] == ["messaging_app", "online_job_ad"]
    assert body["note"] == observation_payload["note"]
    assert body["note_state"] == "available"


def test_it_stores_the_note_only_encrypted(api, owner_caseworker, observation_payload):
    body = api.as_user(owner_caseworker).post(URL, observation_payload, format="json").json()
    row = TrendObservation.objects.get(public_id=body["public_id"])
    assert row.note_ct.startswith("v1.")
    assert "fishing" not in row.note_ct


def test_it_indexes_each_category_value(api, owner_caseworker, observation_payload):
    body = api.as_user(owner_caseworker).post(URL, observation_payload, format="json").json()
    rows = ObservationCategory.objects.filter(observation__public_id=body["public_id"])
    assert sorted(rows.values_list("dimension", "value")) == [
        ("exploitation_type", "forced_labour"),
        ("recruitment_method", "online_contact"),
        ("technology", "messaging_app"),
        ("technology", "online_job_ad"),
    ]


def test_it_audits_the_creation_without_the_note(api, owner_caseworker, observation_payload):
    body = api.as_user(owner_caseworker).post(URL, observation_payload, format="json").json()
    event = AuditEvent.objects.get(action="trend_observation.create")
    assert event.object_id == body["public_id"]
    assert "fishing" not in str(event.details)


def test_it_refuses_a_note_with_pii_without_echoing_it(api, owner_caseworker, observation_payload):
    observation_payload["note"] = "Call the recruiter on +66 81 234 5678 for details."
    res = api.as_user(owner_caseworker).post(URL, observation_payload, format="json")
    assert res.status_code == 400
    assert "234 5678" not in res.content.decode()
    assert not TrendObservation.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("period", "2025-10-14"),
        ("period", "2999-01"),
        ("region", "ZZ-1"),
        ("estimated_count", "12"),
        ("indicator", "rumour"),
        ("technologies", ["telepathy"]),
        ("colour", "red"),
    ],
)
def test_it_refuses_bad_fields_with_400(api, owner_caseworker, observation_payload, field, value):
    observation_payload[field] = value
    res = api.as_user(owner_caseworker).post(URL, observation_payload, format="json")
    assert res.status_code == 400
    assert field in res.json()["fields"]
    assert not TrendObservation.objects.exists()


def test_it_refuses_coordinators_on_the_list(api, network_coordinator, observation_payload):
    assert api.as_user(network_coordinator).get(URL).status_code == 403
    assert api.post(URL, observation_payload, format="json").status_code == 403


def test_it_lists_only_the_own_organisations_observations(
    api, owner_caseworker, stranger_caseworker, make_observation
):
    mine = make_observation()
    make_observation(
        organisation=stranger_caseworker.membership.organisation, actor=stranger_caseworker
    )
    body = api.as_user(owner_caseworker).get(URL).json()
    assert [row["public_id"] for row in body["results"]] == [mine.public_id]
    assert "note" not in body["results"][0]


def test_it_lists_with_a_fixed_number_of_queries(
    api, owner_caseworker, make_observation, django_assert_num_queries
):
    for _ in range(5):
        make_observation()
    owner_caseworker.__dict__.pop("_coord_membership", None)
    api.as_user(owner_caseworker)
    with django_assert_num_queries(3):  # membership, count, page
        assert api.get(URL).status_code == 200


def test_it_shows_an_observation_with_its_note_to_its_organisation(
    api, owner_admin, make_observation
):
    obs = make_observation()
    body = api.as_user(owner_admin).get(detail(obs.public_id)).json()
    assert body["note"].startswith("More reports")


@pytest.mark.parametrize("who", ["stranger_caseworker", "grantee_admin", "network_coordinator"])
def test_it_hides_an_observation_from_outsiders(api, request, who, make_observation):
    obs = make_observation()
    res = api.as_user(request.getfixturevalue(who)).get(detail(obs.public_id))
    assert res.status_code == 404
    assert "More reports" not in res.content.decode()
    assert AuditEvent.objects.filter(
        action="trend_observation.read_denied", object_id=obs.public_id, outcome="denied"
    ).exists()


def test_it_answers_a_missing_observation_like_a_hidden_one(api, stranger_caseworker):
    assert api.as_user(stranger_caseworker).get(detail("T-0000000000")).status_code == 404


def test_it_lets_the_organisation_change_an_observation(api, owner_caseworker, make_observation):
    obs = make_observation()
    res = api.as_user(owner_caseworker).patch(
        detail(obs.public_id),
        {"estimated_count": "20-49", "technologies": ["social_media"], "note": "Now on social."},
        format="json",
    )
    assert res.status_code == 200
    assert res.json()["estimated_count"] == "20-49"
    assert res.json()["note"] == "Now on social."
    assert list(
        ObservationCategory.objects.filter(observation=obs, dimension="technology").values_list(
            "value", flat=True
        )
    ) == ["social_media"]
    event = AuditEvent.objects.get(action="trend_observation.update")
    assert event.details["fields"] == ["estimated_count", "note", "technologies"]


def test_it_keeps_the_index_in_step_with_a_new_period(api, owner_caseworker, make_observation):
    obs = make_observation()
    api.as_user(owner_caseworker).patch(detail(obs.public_id), {"period": "2025-08"}, format="json")
    assert set(
        ObservationCategory.objects.filter(observation=obs).values_list("period", flat=True)
    ) == {obs.period.replace(month=8)}


def test_it_refuses_changes_from_outsiders(api, stranger_admin, make_observation):
    obs = make_observation()
    res = api.as_user(stranger_admin).patch(
        detail(obs.public_id), {"estimated_count": "50+"}, format="json"
    )
    assert res.status_code == 404
    obs.refresh_from_db()
    assert obs.estimated_count == "10-19"


def test_it_refuses_a_bad_change_without_writing_anything(api, owner_caseworker, make_observation):
    obs = make_observation()
    res = api.as_user(owner_caseworker).patch(
        detail(obs.public_id), {"estimated_count": "50+", "region": "nowhere"}, format="json"
    )
    assert res.status_code == 400
    obs.refresh_from_db()
    assert obs.estimated_count == "10-19"


def test_it_registers_the_note_for_key_rotation():
    from coord.crypto.registry import encrypted_fields

    assert any(e.model is TrendObservation and e.field == "note_ct" for e in encrypted_fields())


def test_it_keeps_the_note_readable_after_key_rotation_and_reencryption(
    owner_org, make_observation
):
    from coord.crypto import services as crypto
    from coord.trends.services import trend_observation_read_note

    obs = make_observation()
    old_version = obs.note_ct.split(".")[1]
    crypto.organisation_key_rotate(organisation=owner_org)
    crypto.reencrypt_run(organisation=owner_org)
    obs.refresh_from_db()
    assert obs.note_ct.split(".")[1] != old_version
    assert trend_observation_read_note(observation=obs) == (
        "More reports of fishing-boat recruitment this month.",
        "available",
    )
