from django.urls import path

from coord.audit import api

urlpatterns = [
    path("audit/events/", api.EventListApi.as_view(), name="audit-events"),
    path("audit/events/export.csv", api.EventExportApi.as_view(), name="audit-events-export"),
    path("audit/verify/", api.VerifyApi.as_view(), name="audit-verify"),
    path("audit/public-key/", api.PublicKeyApi.as_view(), name="audit-public-key"),
    path("audit/sth/", api.SignedTreeHeadApi.as_view(), name="audit-sth"),
    path(
        "audit/proofs/consistency/",
        api.ConsistencyProofApi.as_view(),
        name="audit-proof-consistency",
    ),
    path("audit/proofs/inclusion/", api.InclusionProofApi.as_view(), name="audit-proof-inclusion"),
]
