from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "coord.web"
    label = "web"
    verbose_name = "Web interface"
