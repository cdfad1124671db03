"""The web interface, mounted at ``/``."""

from django.urls import include, path

from coord.web.sessions import session_alive
from coord.web.views import (
    account,
    audit,
    auth,
    cases,
    casework,
    followups,
    home,
    imports,
    members,
    notifications,
    outside,
    second_factor,
    sharing,
    trends,
)

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.SignInView.as_view(), name="login"),
    path("login/2fa/", auth.second_factor, name="login-2fa"),
    path("login/2fa/setup/", auth.second_factor_setup, name="login-2fa-setup"),
    path("account/recovery-codes/", second_factor.recovery_codes, name="recovery-codes"),
    path("logout/", auth.SignOutView.as_view(), name="logout"),
    path("session/alive/", session_alive, name="session-alive"),
    path("account/password/", account.password_change, name="password-change"),
    path("account/", account.profile, name="profile"),
    path(
        "account/notification-emails/",
        account.notification_emails,
        name="notification-emails",
    ),
    path(
        "account/sessions/sign-out-others/",
        account.sessions_end_others,
        name="sessions-end-others",
    ),
    path(
        "account/sessions/<uuid:session_id>/sign-out/",
        account.session_end,
        name="session-end",
    ),
    path("password/forgot/", account.ForgotPasswordView.as_view(), name="password-forgot"),
    path(
        "password/forgot/sent/",
        account.ForgotPasswordSentView.as_view(),
        name="password-forgot-sent",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        account.ForgotPasswordSetView.as_view(),
        name="password-forgot-set",
    ),
    path(
        "password/reset/done/",
        account.ForgotPasswordCompleteView.as_view(),
        name="password-forgot-complete",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("cases/", cases.case_list, name="case-list"),
    path("cases/new/", cases.case_create, name="case-create"),
    path("cases/import/", imports.import_upload, name="import-upload"),
    path("cases/import/<uuid:import_id>/", imports.import_detail, name="import-detail"),
    path("cases/import/<uuid:import_id>/commit/", imports.import_commit, name="import-commit"),
    path("cases/<str:reference>/", cases.case_detail, name="case-detail"),
    path("cases/<str:reference>/assign/", casework.case_assign, name="case-assign"),
    *[
        path(
            f"cases/<str:reference>/{action}/",
            casework.case_transition,
            {"action": action},
            name=f"case-{action}",
        )
        for action in ("activate", "close", "reopen")
    ],
    path("help/de-identified/", casework.deidentified_help, name="help-deidentified"),
    path("cases/<str:reference>/edit/", cases.case_edit, name="case-edit"),
    path("cases/<str:reference>/follow-ups/new/", followups.followup_new, name="followup-new"),
    path(
        "cases/<str:reference>/follow-ups/<str:follow_up_id>/status/",
        followups.followup_status,
        name="followup-status",
    ),
    path("cases/<str:reference>/timeline/", followups.case_timeline, name="case-timeline"),
    path("cases/<str:reference>/delete/", cases.case_delete, name="case-delete"),
    path("cases/<str:reference>/share/", sharing.case_share, name="case-share"),
    path(
        "cases/<str:reference>/share/<uuid:share_id>/revoke/",
        sharing.case_share_revoke,
        name="case-share-revoke",
    ),
    path("cases/<str:reference>/refer/", sharing.referral_new, name="referral-new"),
    path("shared/", sharing.shared_list, name="shared-list"),
    path("sharing/", sharing.sharing_index, name="sharing"),
    path("sharing/requests/new/", sharing.access_request_new, name="access-request-new"),
    path(
        "sharing/requests/<uuid:request_id>/approve/",
        sharing.access_request_approve,
        name="access-request-approve",
    ),
    path(
        "sharing/requests/<uuid:request_id>/deny/",
        sharing.access_request_deny,
        name="access-request-deny",
    ),
    path(
        "sharing/requests/<uuid:request_id>/withdraw/",
        sharing.access_request_withdraw,
        name="access-request-withdraw",
    ),
    path("sharing/grants/<uuid:grant_id>/revoke/", sharing.grant_revoke, name="grant-revoke"),
    path("referrals/", sharing.referral_list, name="referrals"),
    path("notifications/", notifications.inbox, name="notifications"),
    path("notifications/read-all/", notifications.mark_all_read, name="notifications-read-all"),
    path(
        "notifications/<uuid:notification_id>/read/",
        notifications.mark_read,
        name="notification-read",
    ),
    *[
        path(
            f"referrals/<uuid:referral_id>/{action}/",
            sharing.referral_action,
            {"action": action},
            name=f"referral-{action}",
        )
        for action in ("accept", "decline", "complete", "withdraw")
    ],
    # /trends/ is the charts dashboard (coord.trends); /trends/explore/ builds any table.
    path("trends/", trends.trends_charts, name="trends-charts"),
    path("trends/explore/", trends.trends_dashboard, name="trends"),
    path("trends/observations/new/", trends.observation_new, name="observation-new"),
    path("audit/", audit.audit_list, name="audit-list"),
    path("audit/outside/", outside.outside_access, name="outside-access"),
    path("audit/outside/export/", outside.outside_access_export, name="outside-access-export"),
    path("audit/verify/", audit.audit_verify_start, name="audit-verify-start"),
    path("audit/verify/<uuid:job_id>/", audit.audit_verify_status, name="audit-verify"),
    path("org/<slug:slug>/caseload/", casework.caseload, name="caseload"),
    path("org/<slug:slug>/members/", members.member_list, name="member-list"),
    path("org/<slug:slug>/members/add/", members.member_add, name="member-add"),
    path("org/<slug:slug>/members/<str:username>/", members.member_detail, name="member-detail"),
    path(
        "org/<slug:slug>/members/<str:username>/reset/",
        account.member_reset,
        name="member-reset",
    ),
    path(
        "org/<slug:slug>/members/<str:username>/second-factor/reset/",
        account.member_second_factor_reset,
        name="member-second-factor-reset",
    ),
    path(
        "org/<slug:slug>/members/<str:username>/deactivate/",
        members.member_set_active,
        {"active": False},
        name="member-deactivate",
    ),
    path(
        "org/<slug:slug>/members/<str:username>/reactivate/",
        members.member_set_active,
        {"active": True},
        name="member-reactivate",
    ),
]
