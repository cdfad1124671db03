from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from coord.lib.health import healthz

# Each app owns its API routes under /api/v1/.
api_v1 = [
    path("", include("coord.organisations.urls")),
    path("", include("coord.audit.urls")),
    path("", include("coord.jobs.urls")),
    path("", include("coord.crypto.urls")),
    path("", include("coord.cases.urls")),
    path("", include("coord.followups.urls")),
    path("", include("coord.imports.urls")),
    path("", include("sharing_policies.urls")),
    path("", include("coord.trends.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file, so the CSP needs no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    # Staff sign in through the web sign-in (and its second factor), never the admin's own form.
    path(
        "admin/login/",
        RedirectView.as_view(url="/login/", query_string=True),
        name="admin-login",
    ),
    path("admin/", admin.site.urls),
    path("", include("coord.web.urls")),
]

handler400 = "coord.lib.refusals.bad_request"
handler404 = "coord.lib.api.json_not_found"
handler500 = "coord.lib.api.json_server_error"
