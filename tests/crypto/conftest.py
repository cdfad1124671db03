"""A throw-away model with one encrypted field, so the key machinery is tested on its own."""

from __future__ import annotations

import pytest
from django.db import connection, models

from coord.crypto.registry import register_encrypted_field, unregister_encrypted_field
from coord.crypto.services import decrypt_text, encrypt_text

TABLE = "crypto_test_note"
FIELD = "body"
TITLE = "title"


class SecretNote(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.DO_NOTHING,
        related_name="+",
        # No database constraint: the table is invisible to ``flush``, so a constraint
        # would stop transactional tests from truncating organisations on PostgreSQL.
        db_constraint=False,
    )
    body_ct = models.TextField(blank=True, default="")
    # A second ciphertext of the same row, registered only by ``titles_registered``.
    title_ct = models.TextField(blank=True, default="")

    class Meta:
        app_label = "crypto"
        db_table = "crypto_test_secretnote"
        managed = False

    def __str__(self) -> str:
        return self.reference

    def write(self, text: str, field: str = FIELD) -> None:
        token = encrypt_text(
            organisation=self.organisation_id,
            table=TABLE,
            field=field,
            row_id=self.reference,
            plaintext=text,
        )
        setattr(self, f"{field}_ct", token)

    def read(self, field: str = FIELD) -> str:
        return decrypt_text(
            organisation=self.organisation_id,
            table=TABLE,
            field=field,
            row_id=self.reference,
            token=getattr(self, f"{field}_ct"),
        )


@pytest.fixture(scope="session")
def _note_table(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.create_model(SecretNote)
    yield
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.delete_model(SecretNote)


@pytest.fixture
def notes_registered(_note_table, db):
    register_encrypted_field(
        model=SecretNote,
        field="body_ct",
        table=TABLE,
        logical_field=FIELD,
        row_id_attr="reference",
        organisation_attr="organisation",
    )
    yield SecretNote
    unregister_encrypted_field(table=TABLE, logical_field=FIELD)


@pytest.fixture
def titles_registered(notes_registered):
    """The notes' ``title_ct`` registered too: two ciphertexts per row."""
    register_encrypted_field(
        model=SecretNote,
        field="title_ct",
        table=TABLE,
        logical_field=TITLE,
        row_id_attr="reference",
        organisation_attr="organisation",
    )
    yield SecretNote
    unregister_encrypted_field(table=TABLE, logical_field=TITLE)


@pytest.fixture
def make_notes(notes_registered):
    """``make_notes(org, n)`` -> n notes whose text is ``<slug> note <i>``."""

    def make(org, n: int, prefix: str = "N") -> list[SecretNote]:
        rows = []
        for i in range(n):
            note = SecretNote(reference=f"{prefix}-{org.slug}-{i}", organisation=org)
            note.write(f"{org.slug} note {i}")
            rows.append(note)
        return SecretNote.objects.bulk_create(rows)

    return make


def texts(org) -> dict[str, str]:
    return {n.reference: n.read() for n in SecretNote.objects.filter(organisation=org)}


@pytest.fixture
def eager_celery():
    """Run tasks in-process even when CI points Celery at a real broker: the worker cannot
    see this test's uncommitted transaction."""
    from coord.celery import app

    saved = {name: app.conf.get(name) for name in ("task_always_eager", "task_eager_propagates")}
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    app.conf.update(saved)
