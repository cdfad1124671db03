from django.apps import AppConfig


class OrganisationsCliConfig(AppConfig):
    """Holds only the ``createsuperuser`` override. Listed before ``django.contrib.auth`` in
    INSTALLED_APPS: Django takes a command from the first app that has it.
    """

    name = "coord.organisations.cli"
    label = "organisations_cli"
    verbose_name = "Organisations: command-line account checks"
