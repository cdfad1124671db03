from django.urls import path

from coord.organisations import api

urlpatterns = [
    path("auth/token/", api.TokenLoginApi.as_view(), name="auth-token"),
    path("auth/logout/", api.TokenLogoutApi.as_view(), name="auth-logout"),
    path("me/", api.MeApi.as_view(), name="me"),
    path("me/password/", api.PasswordChangeApi.as_view(), name="me-password"),
    path("organisations/", api.OrganisationListApi.as_view(), name="organisation-list"),
    path(
        "organisations/<slug:slug>/",
        api.OrganisationDetailApi.as_view(),
        name="organisation-detail",
    ),
    path("organisations/<slug:slug>/members/", api.MemberListApi.as_view(), name="member-list"),
    path(
        "organisations/<slug:slug>/members/<str:username>/",
        api.MemberDetailApi.as_view(),
        name="member-detail",
    ),
    path(
        "organisations/<slug:slug>/members/<str:username>/reset/",
        api.MemberResetApi.as_view(),
        name="member-reset",
    ),
    path(
        "organisations/<slug:slug>/members/<str:username>/second-factor/reset/",
        api.MemberSecondFactorResetApi.as_view(),
        name="member-second-factor-reset",
    ),
]
