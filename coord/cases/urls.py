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
    path("cases/<str:reference>/assign/", api.CaseAssignApi.as_view(), name="case-assign"),
    path("cases/<str:reference>/activate/", api.CaseActivateApi.as_view(), name="case-activate"),
    path("cases/<str:reference>/close/", api.CaseCloseApi.as_view(), name="case-close"),
    path("cases/<str:reference>/reopen/", api.CaseReopenApi.as_view(), name="case-reopen"),
]
