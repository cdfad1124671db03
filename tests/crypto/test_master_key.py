"""The master-key provider and ``rotate_master_key``."""

from __future__ import annotations

import base64
import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coord.crypto import keys
from coord.crypto.exceptions import DecryptionFailed
from coord.crypto.models import OrganisationKey
from coord.crypto.providers import LocalMasterKeyProvider, fingerprint, get_provider
from tests.crypto.conftest import texts


def new_key_b64() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


@pytest.fixture
def key_file(tmp_path):
    value = new_key_b64()
    path = tmp_path / "new-master.key"
    path.write_text(f"# new master key\n{value}\n")
    return path, value


def rotate_master(path) -> str:
    out = StringIO()
    call_command("rotate_master_key", "--new-key-file", str(path), stdout=out)
    return out.getvalue()


def test_it_keeps_everything_readable_under_the_new_master_key(
    owner_org, stranger_org, make_notes, key_file, settings
):
    make_notes(owner_org, 3)
    make_notes(stranger_org, 2)
    before = (texts(owner_org), texts(stranger_org))
    path, value = key_file
    assert "rewrapped 2 data key(s)" in rotate_master(path)
    settings.COORD_MASTER_KEY = value
    keys.clear_key_cache()
    assert (texts(owner_org), texts(stranger_org)) == before


def test_it_really_rewraps(owner_org, make_notes, key_file):
    make_notes(owner_org, 1)
    path, value = key_file
    rotate_master(path)
    keys.clear_key_cache()
    assert set(OrganisationKey.objects.values_list("master_key_id", flat=True)) == {
        LocalMasterKeyProvider(value).key_id
    }
    with pytest.raises(DecryptionFailed):  # the old master key no longer opens it
        texts(owner_org)


def test_it_is_idempotent(owner_org, make_notes, key_file, settings):
    make_notes(owner_org, 1)
    path, value = key_file
    rotate_master(path)
    assert "rewrapped 0 data key(s) under" in (second := rotate_master(path))
    assert "(1 already done)" in second
    settings.COORD_MASTER_KEY = value
    keys.clear_key_cache()
    assert texts(owner_org) == {"N-owner-org-0": "owner-org note 0"}


def test_a_previous_master_key_still_unwraps_during_a_rolling_rotation(
    owner_org, make_notes, settings
):
    make_notes(owner_org, 2)
    before = texts(owner_org)
    settings.COORD_MASTER_KEY_PREVIOUS = [settings.COORD_MASTER_KEY]
    settings.COORD_MASTER_KEY = new_key_b64()
    keys.clear_key_cache()
    assert texts(owner_org) == before
    call_command("rotate_master_key", stdout=StringIO())
    settings.COORD_MASTER_KEY_PREVIOUS = []
    keys.clear_key_cache()
    assert texts(owner_org) == before


def test_it_refuses_a_key_file_that_is_not_a_32_byte_key(db, tmp_path):
    path = tmp_path / "bad.key"
    path.write_text(base64.b64encode(b"short").decode())
    with pytest.raises(CommandError):
        rotate_master(path)


def test_it_refuses_a_missing_key_file(db, tmp_path):
    with pytest.raises(CommandError):
        rotate_master(tmp_path / "missing.key")


def test_the_key_id_is_a_fingerprint_not_the_key(settings):
    provider = get_provider()
    raw = base64.urlsafe_b64decode(settings.COORD_MASTER_KEY)
    assert provider.key_id == fingerprint(raw)
    assert settings.COORD_MASTER_KEY not in provider.key_id
    assert settings.COORD_MASTER_KEY not in repr(provider)


def test_a_wrapped_key_is_bound_to_its_context():
    provider = LocalMasterKeyProvider(new_key_b64(), previous=[])
    blob = provider.wrap(b"k" * 32, context=keys.wrap_context(1, 1))
    assert provider.unwrap(blob, context=keys.wrap_context(1, 1)) == b"k" * 32
    with pytest.raises(DecryptionFailed):
        provider.unwrap(blob, context=keys.wrap_context(2, 1))


class RecordingProvider(LocalMasterKeyProvider):
    """A stand-in for a KMS provider, chosen through the dotted-path setting."""

    calls: list[str] = []

    def wrap(self, key, *, context):
        self.calls.append("wrap")
        return super().wrap(key, context=context)


def test_the_provider_is_chosen_by_a_dotted_path_setting(owner_org, make_notes, settings):
    settings.COORD_MASTER_KEY_PROVIDER = "tests.crypto.test_master_key.RecordingProvider"
    RecordingProvider.calls.clear()
    make_notes(owner_org, 1)
    assert RecordingProvider.calls == ["wrap"]
    assert texts(owner_org) == {"N-owner-org-0": "owner-org note 0"}
