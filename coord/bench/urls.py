"""The service's URLs plus the baseline endpoint; ROOT_URLCONF during a bench run only."""

from django.urls import path

from coord.bench.baseline import PlainCaseCreateApi
from coord.urls import urlpatterns as service_urlpatterns

urlpatterns = [
    path("bench/plain-cases/", PlainCaseCreateApi.as_view(), name="bench-plain-case-create"),
    *service_urlpatterns,
]
