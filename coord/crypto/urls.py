from django.urls import path

from coord.crypto import api

urlpatterns = [
    path(
        "organisations/<slug:slug>/keys/rotate/",
        api.KeyRotateApi.as_view(),
        name="organisation-key-rotate",
    ),
]
