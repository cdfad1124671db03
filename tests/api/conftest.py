"""The sharing fixtures (a shareable case, grants, shares) for the contract tests."""

from tests.sharing_policies.conftest import case, make_case, make_grant, make_request, make_share

__all__ = ["case", "make_case", "make_grant", "make_request", "make_share"]
