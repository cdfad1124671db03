"""The charts page, included by coord/web/urls.py at /trends/ (``web`` namespace)."""

from django.urls import path

from coord.trends import views

urlpatterns = [path("", views.dashboard, name="trends-charts")]
