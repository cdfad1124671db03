from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "coord.cases"
    label = "cases"
    verbose_name = "Case summaries"
