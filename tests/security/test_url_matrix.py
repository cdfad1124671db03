"""The authorization matrix over EVERY URL pattern of the project.

``walk()`` enumerates the URL resolver (skipping only Django's admin, the schema and the API
docs, by name). Each route must have a row in ``MATRIX`` for every method its view
implements, or ``test_it_has_a_row_for_every_endpoint`` fails naming it, so a new endpoint
cannot be forgotten. Each row gives the status every principal gets, in this order:

    anon  owner-cw  grantee-cw  stranger-cw  owner-adm  grantee-adm  stranger-adm  coord

Objects (tests/security/conftest.py ``world``) belong to ``owner-org``: a case shared with
``grantee-org``, a referral to ``grantee-org``, a pending request and a live grant from
``grantee-org``, a job and a notification of ``owner-org``, an owner trend observation.
Bodies are empty (``{}`` / empty form): for an allowed principal that is a 400 or a form page,
which proves the request got past access control; every request is rolled back.

Reading the table: outsiders to an object get 404 (never a 403 that confirms it exists);
403 is for a signed-in user whose role cannot do the action on something it may know
(its own organisation, or a case shared with it); anonymous gets 401 on the API and a
redirect to the sign-in page on the web; coordinators never get a case (separation of duties).
"""

from __future__ import annotations

import pytest

from tests.security.conftest import PRINCIPALS
from tests.security.matrix import observe, walk

pytestmark = pytest.mark.django_db

# Query strings an endpoint needs to get past its own validation.
QUERY = {"trends": "group_by=region", "trends-csv": "group_by=region"}

#                                     anon own gra str own gra str coord
#                                          cw  cw  cw  adm adm adm
MATRIX: dict[str, dict[str, str]] = {
    # Django's admin signs in through the web sign-in (second factor included); /admin/ is
    # for staff only, so a signed-in non-staff user gets 403 there, never a redirect loop.
    "admin-login": {m: "302 403 403 403 403 403 403 403"
                    for m in ("GET", "POST", "PUT", "PATCH", "DELETE")},
    "healthz": {"GET": "200 200 200 200 200 200 200 200",
                "POST": "405 405 405 405 405 405 405 405"},
    # --- API: sign-in, directory, members
    "auth-token": {"POST": "400 400 400 400 400 400 400 400"},
    "auth-logout": {"POST": "401 204 204 204 204 204 204 204"},
    "me": {"GET": "401 200 200 200 200 200 200 200"},
    "me-password": {"POST": "401 400 400 400 400 400 400 400"},
    "organisation-list": {"GET": "401 200 200 200 200 200 200 200",
                          "POST": "401 403 403 403 403 403 403 400"},
    "organisation-detail": {"GET": "401 200 200 200 200 200 200 200",
                            "PATCH": "401 403 403 403 403 403 403 200"},
    "member-list": {"GET": "401 403 404 404 200 404 404 404",
                    "POST": "401 403 404 404 400 404 404 404"},
    "member-detail": {"GET": "401 403 404 404 200 404 404 404",
                      "PATCH": "401 403 404 404 200 404 404 404",
                      "DELETE": "401 403 404 404 204 404 404 404"},
    # Admins reset the other members of their organisation; coordinators only admins.
    "member-reset": {"POST": "401 403 404 404 200 404 404 404"},
    "member-second-factor-reset": {"POST": "401 403 404 404 204 404 404 404"},
    "organisation-key-rotate": {"POST": "401 404 404 404 202 404 404 404"},
    # --- API: audit and jobs (admins see their own organisation's events)
    "audit-events": {"GET": "401 403 403 403 200 200 200 200"},
    "audit-events-export": {"GET": "401 403 403 403 200 200 200 200"},
    "audit-verify": {"POST": "401 403 403 403 403 403 403 202"},
    "audit-public-key": {"GET": "401 200 200 200 200 200 200 200"},
    # witnesses: any signed-in user; an empty query is a 400 past the door
    "audit-sth": {"GET": "401 200 200 200 200 200 200 200"},
    "audit-proof-consistency": {"GET": "401 400 400 400 400 400 400 400"},
    "audit-proof-inclusion": {"GET": "401 400 400 400 400 400 400 400"},
    "job-detail": {"GET": "401 404 404 404 200 404 404 404"},
    # --- API: cases
    "case-list": {"GET": "401 200 200 200 200 200 200 403",
                  "POST": "401 400 400 400 400 400 400 403"},
    "case-detail": {"GET": "401 200 200 404 200 200 404 404",
                    "PATCH": "401 200 403 404 200 403 404 404",
                    "DELETE": "401 403 403 404 204 403 404 404"},
    "case-access-log": {"GET": "401 200 403 404 200 403 404 404"},
    # case work (issue 19): admins reassign; members move the status (the case is open:
    # activate works, close needs a reason, reopen is a 409)
    "case-assign": {"POST": "401 403 403 404 400 403 404 404"},
    "case-activate": {"POST": "401 200 403 404 200 403 404 404"},
    "case-close": {"POST": "401 400 403 404 400 403 404 404"},
    "case-reopen": {"POST": "401 409 403 404 409 403 404 404"},
    # follow-ups follow the narrative: the world's share and grant carry none (issue 19)
    "case-follow-ups": {"GET": "401 200 404 404 200 404 404 403",
                        "POST": "401 400 403 404 400 403 404 403"},
    "case-follow-up": {"PATCH": "401 200 403 404 200 403 404 403"},
    "case-timeline": {"GET": "401 200 200 404 200 200 404 403"},
    # --- API: sharing
    "access-request-list": {"GET": "401 403 403 403 200 200 200 403",
                            "POST": "401 403 403 403 400 400 400 403"},
    "access-request-detail": {"GET": "401 403 403 403 200 200 404 403"},
    "access-request-approve": {"POST": "401 404 404 404 201 403 404 404"},
    "access-request-deny": {"POST": "401 404 404 404 200 403 404 404"},
    "access-request-withdraw": {"POST": "401 404 404 404 403 200 404 404"},
    "grant-list": {"GET": "401 200 200 200 200 200 200 403"},
    "grant-revoke": {"POST": "401 403 403 404 200 403 404 404"},
    "case-share-list": {"GET": "401 200 403 404 200 403 404 404",
                        "POST": "401 400 403 404 400 403 404 404"},
    "case-share-detail": {"GET": "401 200 403 404 200 403 404 404",
                          "DELETE": "401 204 403 404 204 403 404 404"},
    "referral-list": {"GET": "401 200 200 200 200 200 200 403",
                      "POST": "401 400 400 400 400 400 400 403"},
    "referral-detail": {"GET": "401 200 200 404 200 200 404 403"},
    "referral-accept": {"POST": "401 403 200 404 403 200 404 404"},
    "referral-decline": {"POST": "401 403 400 404 403 400 404 404"},  # {} lacks a reason
    "referral-withdraw": {"POST": "401 200 403 404 200 403 404 404"},
    "referral-complete": {"POST": "401 403 409 404 403 409 404 404"},  # 409: not accepted yet
    "notification-list": {"GET": "401 200 200 200 200 200 200 200"},
    "notification-read": {"POST": "401 404 404 404 200 404 404 404"},  # an admins-only note
    # --- API: trends
    "trend-observation-list": {"GET": "401 200 200 200 200 200 200 403",
                               "POST": "401 400 400 400 400 400 400 403"},
    "trend-observation-detail": {"GET": "401 200 404 404 200 404 404 404",
                                 "PATCH": "401 200 404 404 200 404 404 404"},
    "trends": {"GET": "401 200 200 200 200 200 200 200"},
    "trends-csv": {"GET": "401 200 200 200 200 200 200 200"},
    # --- web: sign-in (signed-in users are sent home; the 2FA pages need the password step)
    "web:home": {"GET": "302 200 200 200 200 200 200 200",
                 "POST": "302 200 200 200 200 200 200 200"},
    "web:login": {"GET": "200 302 302 302 302 302 302 302",
                  "POST": "200 302 302 302 302 302 302 302",
                  "PUT": "200 302 302 302 302 302 302 302"},
    "web:login-2fa": {"GET": "302 302 302 302 302 302 302 302",
                      "POST": "302 302 302 302 302 302 302 302"},
    "web:login-2fa-setup": {"GET": "302 302 302 302 302 302 302 302",
                            "POST": "302 302 302 302 302 302 302 302"},
    # No second factor in the world: admins and the coordinator are sent home.
    "web:recovery-codes": {"GET": "302 403 403 403 302 302 302 302",
                           "POST": "302 403 403 403 302 302 302 302"},
    "web:logout": {"GET": "405 405 405 405 405 405 405 405",
                   "POST": "302 302 302 302 302 302 302 302"},
    # Renews the idle limit of any signed-in session (never past its maximum).
    "web:session-alive": {"GET": "405 405 405 405 405 405 405 405",
                          "POST": "401 200 200 200 200 200 200 200"},
    "web:profile": {"GET": "302 200 200 200 200 200 200 200",
                    "POST": "302 200 200 200 200 200 200 200"},  # an empty form: shown again
    "web:sessions-end-others": {"GET": "405 405 405 405 405 405 405 405",
                                "POST": "302 302 302 302 302 302 302 302"},
    "web:session-end": {"GET": "405 405 405 405 405 405 405 405",
                        "POST": "302 404 404 404 404 404 404 404"},
    "web:password-change": {"GET": "302 200 200 200 200 200 200 200",
                            "POST": "302 200 200 200 200 200 200 200"},
    # "Forgot password" is open to everyone and says the same to all (a bogus link: 200).
    "web:password-forgot": {m: "200 200 200 200 200 200 200 200"
                            for m in ("GET", "POST", "PUT")},
    "web:password-forgot-sent": {"GET": "200 200 200 200 200 200 200 200"},
    "web:password-forgot-set": {m: "200 200 200 200 200 200 200 200"
                                for m in ("GET", "POST", "PUT")},
    "web:password-forgot-complete": {"GET": "200 200 200 200 200 200 200 200"},
    "web:set_language": {"GET": "302 302 302 302 302 302 302 302",
                         "POST": "302 302 302 302 302 302 302 302"},
    # --- web: cases
    "web:case-list": {"GET": "302 200 200 200 200 200 200 403",
                      "POST": "302 200 200 200 200 200 200 403"},
    "web:case-create": {"GET": "302 200 200 200 200 200 200 403",
                        "POST": "302 200 200 200 200 200 200 403"},
    "web:case-detail": {"GET": "302 200 200 404 200 200 404 404",
                        "POST": "302 200 200 404 200 200 404 404"},
    "web:case-edit": {"GET": "302 200 403 404 200 403 404 404",
                      "POST": "302 200 403 404 200 403 404 404"},
    "web:followup-new": {"GET": "302 200 403 404 200 403 404 404",
                         "POST": "302 200 403 404 200 403 404 404"},
    "web:followup-status": {"GET": "405 405 405 405 405 405 405 405",
                            "POST": "302 302 403 404 302 403 404 404"},
    "web:case-timeline": {"GET": "302 200 200 404 200 200 404 404",
                          "POST": "405 405 405 405 405 405 405 405"},
    "web:case-delete": {"GET": "302 403 403 404 200 403 404 404",
                        "POST": "302 403 403 404 302 403 404 404"},
    # case work (issue 19): POST only; an empty form comes back to the case page
    "web:case-assign": {"GET": "405 405 405 405 405 405 405 405",
                        "POST": "302 403 403 404 302 403 404 404"},
    "web:case-activate": {"GET": "405 405 405 405 405 405 405 405",
                          "POST": "302 302 403 404 302 403 404 404"},
    "web:case-close": {"GET": "405 405 405 405 405 405 405 405",
                       "POST": "302 302 403 404 302 403 404 404"},
    "web:case-reopen": {"GET": "405 405 405 405 405 405 405 405",
                        "POST": "302 302 403 404 302 403 404 404"},
    "web:caseload": {"GET": "302 403 404 404 200 404 404 404",
                     "POST": "405 405 405 405 405 405 405 405"},
    "web:help-deidentified": {"GET": "302 200 200 200 200 200 200 200",
                              "POST": "405 405 405 405 405 405 405 405"},
    # --- web: sharing
    "web:case-share": {"GET": "302 200 403 404 200 403 404 404",
                       "POST": "302 200 403 404 200 403 404 404"},
    "web:case-share-revoke": {"GET": "302 200 403 404 200 403 404 404",
                              "POST": "302 302 403 404 302 403 404 404"},
    "web:referral-new": {"GET": "302 200 403 404 200 403 404 403",
                         "POST": "302 200 403 404 200 403 404 403"},
    "web:shared-list": {"GET": "302 200 200 200 200 200 200 403",
                        "POST": "302 200 200 200 200 200 200 403"},
    "web:sharing": {"GET": "302 403 403 403 200 200 200 403",
                    "POST": "302 403 403 403 200 200 200 403"},
    "web:access-request-new": {"GET": "302 403 403 403 200 200 200 403",
                               "POST": "302 403 403 403 200 200 200 403"},
    "web:access-request-approve": {"GET": "302 404 404 404 200 403 404 404",
                                   "POST": "302 404 404 404 200 403 404 404"},
    "web:access-request-deny": {"GET": "302 404 404 404 200 403 404 404",
                                "POST": "302 404 404 404 200 403 404 404"},
    "web:access-request-withdraw": {"GET": "302 404 404 404 403 200 404 404",
                                    "POST": "302 404 404 404 403 302 404 404"},
    "web:grant-revoke": {"GET": "302 403 403 404 200 403 404 404",
                         "POST": "302 403 403 404 302 403 404 404"},
    "web:referrals": {"GET": "302 200 200 200 200 200 200 403",
                      "POST": "302 200 200 200 200 200 200 403"},
    "web:referral-accept": {"GET": "302 403 200 404 403 200 404 404",
                            "POST": "302 403 302 404 403 302 404 404"},
    # declining needs a reason: an empty form is shown again
    "web:referral-decline": {"GET": "302 403 200 404 403 200 404 404",
                             "POST": "302 403 200 404 403 200 404 404"},
    "web:referral-complete": {"GET": "302 403 200 404 403 200 404 404",
                              "POST": "302 403 302 404 403 302 404 404"},
    "web:referral-withdraw": {"GET": "302 200 403 404 200 403 404 404",
                              "POST": "302 302 403 404 302 403 404 404"},
    # --- web: notifications (the inbox lists one's own; reading another's note is a 404)
    "web:notifications": {"GET": "302 200 200 200 200 200 200 200",
                          "POST": "405 405 405 405 405 405 405 405"},
    "web:notifications-read-all": {"GET": "405 405 405 405 405 405 405 405",
                                   "POST": "302 302 302 302 302 302 302 302"},
    "web:notification-read": {"GET": "405 405 405 405 405 405 405 405",
                              "POST": "302 404 404 404 302 404 404 404"},
    # --- web: trends, audit, members
    "web:trends": {"GET": "302 200 200 200 200 200 200 200",
                   "POST": "302 200 200 200 200 200 200 200"},
    "web:trends-charts": {"GET": "302 200 200 200 200 200 200 200",
                          "POST": "302 200 200 200 200 200 200 200"},
    "web:observation-new": {"GET": "302 200 200 200 200 200 200 403",
                            "POST": "302 200 200 200 200 200 200 403"},
    "web:audit-list": {"GET": "302 403 403 403 200 200 200 200",
                       "POST": "302 403 403 403 200 200 200 200"},
    "web:outside-access": {"GET": "302 403 403 403 200 200 200 403",
                           "POST": "405 405 405 405 405 405 405 405"},
    "web:outside-access-export": {"GET": "302 403 403 403 200 200 200 403",
                                  "POST": "405 405 405 405 405 405 405 405"},
    "web:audit-verify-start": {"GET": "302 405 405 405 405 405 405 405",
                               "POST": "302 403 403 403 403 403 403 302"},
    "web:audit-verify": {"GET": "302 404 404 404 200 404 404 404",
                         "POST": "302 404 404 404 200 404 404 404"},
    "web:member-list": {"GET": "302 403 404 404 200 404 404 404",
                        "POST": "302 403 404 404 200 404 404 404"},
    "web:member-add": {"GET": "302 403 404 404 200 404 404 404",
                       "POST": "302 403 404 404 200 404 404 404"},
    "web:member-detail": {"GET": "302 403 404 404 200 404 404 404",
                          "POST": "302 403 404 404 200 404 404 404"},
    "web:member-reset": {"GET": "302 403 404 404 200 404 404 404",
                         "POST": "302 403 404 404 200 404 404 404"},
    "web:member-second-factor-reset": {"GET": "302 403 404 404 200 404 404 404",
                                       "POST": "302 403 404 404 302 404 404 404"},
    "web:member-deactivate": {"GET": "302 403 404 404 200 404 404 404",
                              "POST": "302 403 404 404 302 404 404 404"},
    "web:member-reactivate": {"GET": "302 403 404 404 200 404 404 404",
                              "POST": "302 403 404 404 302 404 404 404"},
    # --- imports and exports (issue 21): uploads are multipart (JSON: 415); an import nobody
    # has is a 404 for everyone, its own organisation included; exports through the policy
    "import-list": {"POST": "401 415 415 415 415 415 415 403"},
    "import-template-csv": {"GET": "401 200 200 200 200 200 200 403"},
    "import-template-xlsx": {"GET": "401 200 200 200 200 200 200 403"},
    "import-detail": {"GET": "401 404 404 404 404 404 404 403"},
    "import-commit": {"POST": "401 404 404 404 404 404 404 403"},
    "export-cases-csv": {"GET": "401 200 200 200 200 200 200 403"},
    "export-cases-xlsx": {"GET": "401 200 200 200 200 200 200 403"},
    "web:import-upload": {"GET": "302 200 200 200 200 200 200 403",
                          "POST": "302 200 200 200 200 200 200 403"},
    "web:import-detail": {"GET": "302 404 404 404 404 404 404 404",
                          "POST": "302 404 404 404 404 404 404 404"},
    "web:import-commit": {"GET": "302 405 405 405 405 405 405 405",
                          "POST": "302 404 404 404 404 404 404 404"},
    # one's own e-mail choices only (issue 18)
    "web:notification-emails": {"GET": "405 405 405 405 405 405 405 405",
                                "POST": "302 302 302 302 302 302 302 302"},
}  # fmt: skip

ROUTES = {route.name: route for route in walk()}
CELLS = [(name, method) for name, row in MATRIX.items() for method in row if name in ROUTES]


def test_it_has_a_row_for_every_endpoint():
    missing = [
        f"{route.name} {method} ({route.route or '/'})"
        for route in ROUTES.values()
        for method in route.methods
        if method not in MATRIX.get(route.name, {})
    ]
    assert not missing, "endpoints without a row in MATRIX: " + ", ".join(missing)


def test_it_has_no_row_for_an_endpoint_that_is_gone():
    stale = [
        f"{name} {method}"
        for name, row in MATRIX.items()
        for method in row
        if name not in ROUTES or method not in ROUTES[name].methods
    ]
    assert not stale, "rows in MATRIX for endpoints that no longer exist: " + ", ".join(stale)


@pytest.mark.parametrize(("name", "method"), CELLS, ids=[f"{n}-{m}" for n, m in CELLS])
def test_it_answers_each_principal_as_the_matrix_says(world, name, method):
    expected = MATRIX[name][method].split()
    got = [str(code) for code in observe(ROUTES[name], method, world, QUERY.get(name, ""))]
    wrong = [
        f"{principal}: expected {want}, got {have}"
        for principal, want, have in zip(PRINCIPALS, expected, got, strict=True)
        if want != have
    ]
    assert not wrong, f"{method} {name}: " + "; ".join(wrong)
