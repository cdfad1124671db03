from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "coord.web"
    label = "web"
    verbose_name = "Web interface"

    def ready(self) -> None:
        from coord.web import sessions, signals  # noqa: F401  (connect their sign-in receivers)
