from django.urls import path

from coord.cases import api

urlpatterns = [
    path("cases/", api.CaseListApi.as_view(), name="case-list"),
    path("cases/<str:reference>/", api.CaseDetailApi.as_view(), name="case-detail"),
    path(
        "cases/<str:reference>/access-log/",
        api.CaseAccessLogApi.as_view(),
        name="case-access-log",
    ),
]
