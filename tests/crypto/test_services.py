"""encrypt_text / decrypt_text: round trip, tamper detection and binding."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coord.crypto.exceptions import DecryptionFailed
from coord.crypto.services import decrypt_text, encrypt_text

BIND = {"table": "case_summary", "field": "summary", "row_id": "C-0000000001"}


def enc(org, text, **over):
    return encrypt_text(organisation=org, plaintext=text, **{**BIND, **over})


def dec(org, token, **over):
    return decrypt_text(organisation=org, token=token, **{**BIND, **over})


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=4000))
def test_it_round_trips_any_unicode_text(owner_org, text):
    assert dec(owner_org, enc(owner_org, text)) == text


def test_it_does_not_contain_the_plaintext(owner_org):
    token = enc(owner_org, "a narrative about a fishing boat")
    assert "fishing" not in token
    assert token.startswith("v1.1.")


def test_it_uses_a_fresh_nonce_each_time(owner_org):
    assert enc(owner_org, "same") != enc(owner_org, "same")


@pytest.mark.parametrize("position", [0, 5, 20, -1])
def test_it_refuses_a_flipped_ciphertext_byte(owner_org, position):
    from coord.crypto.services import _b64d, _b64e

    token = enc(owner_org, "x" * 100)
    head, body = token.rsplit(".", 1)
    blob = bytearray(_b64d(body))
    blob[position] ^= 0x01
    with pytest.raises(DecryptionFailed):
        dec(owner_org, f"{head}.{_b64e(bytes(blob))}")


@pytest.mark.parametrize(
    "over", [{"row_id": "C-0000000002"}, {"field": "notes"}, {"table": "trend_observation"}]
)
def test_it_refuses_a_token_copied_to_another_row_field_or_table(owner_org, over):
    token = enc(owner_org, "bound text")
    with pytest.raises(DecryptionFailed):
        dec(owner_org, token, **over)


def test_it_refuses_a_token_copied_to_another_organisation(owner_org, stranger_org):
    enc(stranger_org, "gives the stranger a key of the same version")
    token = enc(owner_org, "bound text")
    with pytest.raises(DecryptionFailed):
        dec(stranger_org, token)


def test_it_refuses_a_token_for_an_organisation_without_keys(owner_org, stranger_org):
    token = enc(owner_org, "bound text")
    with pytest.raises(DecryptionFailed):
        dec(stranger_org, token)


@pytest.mark.parametrize("token", ["", "v1", "v2.1.AAAA", "v1.x.AAAA", "v1.1.!!!!", "v1.1.AAAA"])
def test_it_refuses_malformed_tokens(owner_org, token):
    with pytest.raises(DecryptionFailed):
        dec(owner_org, token)


def test_it_creates_one_key_lazily(owner_org):
    from coord.crypto.models import OrganisationKey

    assert not OrganisationKey.objects.filter(organisation=owner_org).exists()
    enc(owner_org, "one")
    enc(owner_org, "two")
    assert OrganisationKey.objects.filter(organisation=owner_org).count() == 1


binding = st.tuples(st.text(max_size=8), st.text(max_size=8), st.text(max_size=8))


@settings(max_examples=200)
@given(a=binding, b=binding)
def test_it_encodes_different_bindings_differently(a, b):
    from coord.crypto.services import associated_data

    def aad(parts):
        return associated_data(table=parts[0], field=parts[1], row_id=parts[2], org_id=1, version=1)

    assert (aad(a) == aad(b)) == (a == b)
