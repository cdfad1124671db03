"""The sharing fixtures (a shareable case, grants) and the case payload."""

from tests.cases.conftest import payload
from tests.sharing_policies.conftest import case, make_case, make_grant, make_request

__all__ = ["case", "make_case", "make_grant", "make_request", "payload"]
