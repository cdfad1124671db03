from django.apps import AppConfig


class CryptoConfig(AppConfig):
    name = "coord.crypto"
    label = "crypto"
    verbose_name = "Keys and encryption"

    def ready(self) -> None:
        from coord.crypto import checks  # noqa: F401 - registers the data-key check
