"""Trend routes, mounted under /api/v1/ (the dashboard page is routed by coord.web)."""

from django.urls import path

from coord.trends import api

urlpatterns = [
    path("trend-observations/", api.ObservationListApi.as_view(), name="trend-observation-list"),
    path(
        "trend-observations/<str:public_id>/",
        api.ObservationDetailApi.as_view(),
        name="trend-observation-detail",
    ),
    path("trends/", api.TrendsApi.as_view(), name="trends"),
    path("trends.csv", api.TrendsCsvApi.as_view(), name="trends-csv"),
]
