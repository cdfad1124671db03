import pytest

from tests.audit.helpers import assert_no_identifiers_in_events


@pytest.fixture
def allow_identifiers_in_events():
    """Request this in a test that plants identifiers on purpose (it skips the scan)."""


@pytest.fixture(autouse=True)
def _no_identifiers_in_events(request):
    """After every audit test that used the database, scan the events it produced."""
    names = request.fixturenames
    uses_db = request.node.get_closest_marker("django_db") or "db" in names
    if "transactional_db" in names or not uses_db or "allow_identifiers_in_events" in names:
        yield
        return
    request.getfixturevalue("db")  # set up first, so the scan runs before the rollback
    yield
    assert_no_identifiers_in_events()
