"""Throughput of field encryption and re-encryption (not collected by pytest).

Run: .venv/bin/python -m tests.crypto.bench [--rows 50000] [--batch 1000]
with DATABASE_URL set for PostgreSQL (it creates and drops ``test_<name>``), or without
for SQLite in memory. Prints numbers; docs/encryption.md records the last run.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coord.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

TEXT = ("Recruited through an online job advert for factory work across the border. " * 14)[:1000]


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f}/s ({seconds * 1e6 / n:.1f} µs each)"


def bench_fields(n: int, org) -> None:
    """Ours and the Fernet field alternate in 10 rounds, so load from other processes hits
    both alike; CPU time (process_time) is printed too."""
    from encrypted_fields.fields import EncryptedTextField

    from coord.crypto import keys
    from coord.crypto.services import decrypt_text, encrypt_text

    bind = {"organisation": org, "table": "bench", "field": "summary", "row_id": "C-1"}
    decrypt_text(token=encrypt_text(plaintext=TEXT, **bind), **bind)  # warm the cache
    settings.SALT_KEY = "bench-salt"
    field = EncryptedTextField()
    field.to_python(field.get_prep_value(TEXT))  # derive the key once (PBKDF2)

    def ours() -> None:
        assert decrypt_text(token=encrypt_text(plaintext=TEXT, **bind), **bind) == TEXT

    def fernet() -> None:
        assert field.to_python(field.get_prep_value(TEXT)) == TEXT

    totals = {"coord.crypto (key cached)": [0.0, 0.0], "django-fernet-encrypted-fields": [0.0, 0.0]}
    for _ in range(10):
        for label, fn in zip(totals, (ours, fernet), strict=True):
            wall, cpu = time.perf_counter(), time.process_time()
            for _ in range(n // 10):
                fn()
            totals[label][0] += time.perf_counter() - wall
            totals[label][1] += time.process_time() - cpu
    for label, (wall, cpu) in totals.items():
        print(f"{label} encrypt+decrypt, 1,000 chars: {rate(n, wall)}; CPU {rate(n, cpu)}")

    settings.COORD_KEY_CACHE_SECONDS = 0
    keys.clear_key_cache()
    m = max(n // 20, 1)
    t = time.perf_counter()
    for _ in range(m):
        ours()
    print(f"coord.crypto, no cache (2 key reads per pair): {rate(m, time.perf_counter() - t)}")
    settings.COORD_KEY_CACHE_SECONDS = 30


def bench_reencrypt(rows: int, batch: int, org) -> None:
    from coord.crypto.registry import register_encrypted_field
    from coord.crypto.services import encrypt_text, organisation_key_rotate, reencrypt
    from tests.crypto.conftest import FIELD, TABLE, SecretNote

    with connection.schema_editor() as editor:
        editor.create_model(SecretNote)
    register_encrypted_field(
        model=SecretNote,
        field="body_ct",
        table=TABLE,
        logical_field=FIELD,
        row_id_attr="reference",
        organisation_attr="organisation",
    )
    objs = []
    for i in range(rows):
        ref = f"R{i:08d}"
        token = encrypt_text(organisation=org, table=TABLE, field=FIELD, row_id=ref, plaintext=TEXT)
        objs.append(SecretNote(reference=ref, organisation=org, body_ct=token))
    SecretNote.objects.bulk_create(objs, batch_size=2000)
    organisation_key_rotate(organisation=org)
    t, cpu = time.perf_counter(), time.process_time()
    result = reencrypt(batch_size=batch)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    assert result["done"] == rows and result["failed"] == 0, result
    print(
        f"reencrypt {rows:,} fields of 1,000 chars, batch {batch}, "
        f"{connection.vendor}: {seconds:.2f} s = {rows / seconds:,.0f} fields/s "
        f"(client CPU {cpu:.2f} s = {rows / cpu:,.0f} fields/CPU-s)"
    )
    sample = SecretNote.objects.order_by("?").first()
    assert sample.read() == TEXT and sample.body_ct.startswith("v1.2.")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--n", type=int, default=20_000)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from tests.factories import OrganisationFactory

        org = OrganisationFactory(slug="bench-org")
        bench_fields(args.n, org)
        bench_reencrypt(args.rows, args.batch, org)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
