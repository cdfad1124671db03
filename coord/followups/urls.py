from django.urls import path

from coord.followups import api

urlpatterns = [
    path(
        "cases/<str:reference>/follow-ups/",
        api.FollowUpListApi.as_view(),
        name="case-follow-ups",
    ),
    path(
        "cases/<str:reference>/follow-ups/<str:follow_up_id>/",
        api.FollowUpDetailApi.as_view(),
        name="case-follow-up",
    ),
    path("cases/<str:reference>/timeline/", api.CaseTimelineApi.as_view(), name="case-timeline"),
]
