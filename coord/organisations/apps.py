from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "coord.organisations"
    label = "organisations"
    verbose_name = "Organisations and people"
