import re

from coord.cases.models import new_reference

REFERENCE = re.compile(r"^C-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{10}$")


def test_it_makes_references_of_crockford_base32():
    assert REFERENCE.match(new_reference())


def test_it_makes_references_that_do_not_repeat():
    references = {new_reference() for _ in range(2000)}
    assert len(references) == 2000


def test_it_uses_no_ambiguous_letters():
    joined = "".join(new_reference()[2:] for _ in range(500))
    assert not set(joined) & set("ILOU")
