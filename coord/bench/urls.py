"""The service's URLs plus the baseline endpoint; ROOT_URLCONF during a bench run only."""

from django.urls import path

from coord.bench.baseline import PeerCaseCreateApi, PeerSharedCaseListApi, PlainCaseCreateApi
from coord.urls import urlpatterns as service_urlpatterns

urlpatterns = [
    path("bench/plain-cases/", PlainCaseCreateApi.as_view(), name="bench-plain-case-create"),
    path("bench/peer-cases/", PeerCaseCreateApi.as_view(), name="bench-peer-case-create"),
    path("bench/peer-cases/shared/", PeerSharedCaseListApi.as_view(), name="bench-peer-list"),
    *service_urlpatterns,
]
