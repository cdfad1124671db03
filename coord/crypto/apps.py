from django.apps import AppConfig


class CryptoConfig(AppConfig):
    name = "coord.crypto"
    label = "crypto"
    verbose_name = "Keys and encryption"
