from django.urls import path

from sharing_policies import api

urlpatterns = [
    path("access-requests/", api.AccessRequestListApi.as_view(), name="access-request-list"),
    path(
        "access-requests/<str:request_id>/",
        api.AccessRequestDetailApi.as_view(),
        name="access-request-detail",
    ),
    path(
        "access-requests/<str:request_id>/approve/",
        api.AccessRequestApproveApi.as_view(),
        name="access-request-approve",
    ),
    path(
        "access-requests/<str:request_id>/deny/",
        api.AccessRequestDenyApi.as_view(),
        name="access-request-deny",
    ),
    path(
        "access-requests/<str:request_id>/withdraw/",
        api.AccessRequestWithdrawApi.as_view(),
        name="access-request-withdraw",
    ),
    path("grants/", api.GrantListApi.as_view(), name="grant-list"),
    path("grants/<str:grant_id>/revoke/", api.GrantRevokeApi.as_view(), name="grant-revoke"),
    path("cases/<str:reference>/shares/", api.CaseShareListApi.as_view(), name="case-share-list"),
    path(
        "cases/<str:reference>/shares/<str:share_id>/",
        api.CaseShareDetailApi.as_view(),
        name="case-share-detail",
    ),
    path("referrals/", api.ReferralListApi.as_view(), name="referral-list"),
    path("referrals/<str:referral_id>/", api.ReferralDetailApi.as_view(), name="referral-detail"),
    *[
        path(
            f"referrals/<str:referral_id>/{action}/",
            (api.ReferralDeclineApi if action == "decline" else api.ReferralActionApi).as_view(
                action_name=action
            ),
            name=f"referral-{action}",
        )
        for action in ("accept", "decline", "withdraw", "complete")
    ],
    path("notifications/", api.NotificationListApi.as_view(), name="notification-list"),
    path(
        "notifications/<str:notification_id>/read/",
        api.NotificationReadApi.as_view(),
        name="notification-read",
    ),
]
