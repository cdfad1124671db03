from django.urls import path

from coord.jobs import api

urlpatterns = [path("jobs/<uuid:job_id>/", api.JobDetailApi.as_view(), name="job-detail")]
