from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "coord.web"
    label = "web"
    verbose_name = "Web interface"

    def ready(self) -> None:
        from coord.web import signals  # noqa: F401  (connects the sign-in audit receivers)
