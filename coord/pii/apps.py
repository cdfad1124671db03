from django.apps import AppConfig


class PiiConfig(AppConfig):
    name = "coord.pii"
    label = "pii"
    verbose_name = "PII guard"
