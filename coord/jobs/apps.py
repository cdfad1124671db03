from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "coord.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
