"""Audit pages: who may read (sharing_policies.audit), the API's filters, CSV export through
the API endpoint, and chain verification with progress for coordinators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coord.audit.models import AuditEvent
from coord.audit.services import audit_append
from coord.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_it_shows_every_event_to_coordinators(web, network_coordinator, owner_org):
    audit_append(action="case.create", organisation=owner_org, object_type="case", object_id="C-1")
    response = web.as_user(network_coordinator).get(reverse("web:audit-list"))
    assert response.status_code == 200
    assert "case.create" in [e.action for e in response.context["events"]]


def test_it_shows_admins_only_their_organisations_events(web, owner_admin, owner_org, stranger_org):
    audit_append(action="case.create", organisation=owner_org, object_type="case", object_id="C-1")
    audit_append(
        action="case.create", organisation=stranger_org, object_type="case", object_id="C-2"
    )
    events = web.as_user(owner_admin).get(reverse("web:audit-list")).context["events"]
    ids = {e.object_id for e in events}
    assert "C-1" in ids
    assert "C-2" not in ids


def test_it_refuses_the_audit_page_to_caseworkers(web, owner_caseworker):
    response = web.as_user(owner_caseworker).get(reverse("web:audit-list"))
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="audit.read_denied", outcome="denied").exists()


def test_it_filters_by_outcome(web, network_coordinator, owner_org):
    audit_append(action="x.allowed", organisation=owner_org)
    audit_append(action="x.denied", organisation=owner_org, outcome="denied")
    events = (
        web.as_user(network_coordinator)
        .get(reverse("web:audit-list") + "?outcome=denied")
        .context["events"]
    )
    assert {e.outcome for e in events} == {"denied"}


def test_it_pages_with_older_links(web, network_coordinator):
    for n in range(55):
        audit_append(action=f"test.{n}")
    web.as_user(network_coordinator)
    first = web.get(reverse("web:audit-list"))
    older = first.context["older"]
    assert len(first.context["events"]) == 50
    second = web.get(reverse("web:audit-list") + f"?before={older}").context["events"]
    assert second and max(e.seq for e in second) < older


def test_it_links_the_csv_export_with_the_same_filters(web, network_coordinator):
    response = web.as_user(network_coordinator).get(reverse("web:audit-list") + "?outcome=denied")
    url = response.context["export_url"]
    assert url.startswith(reverse("audit-events-export"))
    assert "outcome=denied" in url
    export = web.get(url)
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")


def test_it_verifies_the_chain_for_coordinators(
    web, network_coordinator, django_capture_on_commit_callbacks, verify_inline
):
    audit_append(action="test.one")
    web.as_user(network_coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = web.post(reverse("web:audit-verify-start"))
    assert response.status_code == 302
    job = Job.objects.get(kind="audit.verify")
    page = web.get(response["Location"])
    assert page.context["finished"]
    assert "The chain is intact." in page.content.decode()
    assert job.pk


def test_it_refuses_verification_to_admins(web, owner_admin):
    response = web.as_user(owner_admin).post(reverse("web:audit-verify-start"))
    assert response.status_code == 403
    assert not Job.objects.filter(kind="audit.verify").exists()


def test_it_hides_a_coordinators_job_from_an_admin(web, network_coordinator, owner_admin):
    web.as_user(network_coordinator).post(reverse("web:audit-verify-start"))
    job = Job.objects.get(kind="audit.verify")
    response = web.as_user(owner_admin).get(reverse("web:audit-verify", args=[job.pk]))
    assert response.status_code == 404


def test_it_asks_coordinators_to_verify_an_unverified_chain(web, network_coordinator):
    html = web.as_user(network_coordinator).get("/").content.decode()
    assert "has not been verified yet" in html


def test_it_stops_asking_once_the_chain_was_verified(
    web, network_coordinator, django_capture_on_commit_callbacks, verify_inline
):
    with django_capture_on_commit_callbacks(execute=True):
        web.as_user(network_coordinator).post(reverse("web:audit-verify-start"))
    html = web.get("/").content.decode()
    assert "has not been verified yet" not in html
