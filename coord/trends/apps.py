from django.apps import AppConfig


class TrendsConfig(AppConfig):
    name = "coord.trends"
    label = "trends"
    verbose_name = "Network trends"
