from django.apps import AppConfig


class BenchConfig(AppConfig):
    """``manage.py bench``: measures each guarantee against the same work without it.

    The app has no models module on purpose: the baseline tables (a plain case model, a
    django-fernet-encrypted-fields model) are unmanaged models created only inside the
    throw-away bench database (see ``coord.bench.baseline`` and docs/performance.md).
    """

    name = "coord.bench"
    label = "bench"
    verbose_name = "Benchmarks"
