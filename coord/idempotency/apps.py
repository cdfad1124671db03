from django.apps import AppConfig


class IdempotencyConfig(AppConfig):
    name = "coord.idempotency"
    label = "idempotency"
    verbose_name = "Idempotency keys"
