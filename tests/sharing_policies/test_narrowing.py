"""check_not_wider: an approval may keep a subset of what was asked, never more."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from coord.cases.choices import ExploitationType
from sharing_policies.grants import GRANTABLE_FIELDS
from sharing_policies.models import AccessRequest
from sharing_policies.services import check_not_wider

TYPES = st.sets(st.sampled_from(ExploitationType.values), min_size=1)
FIELDS = st.sets(st.sampled_from(sorted(GRANTABLE_FIELDS)), min_size=1)


def asked(**kwargs) -> AccessRequest:
    """An unsaved request: the check needs no database."""
    return AccessRequest(**{"valid_until": date(2030, 1, 31), "fields": [], "filter": {}, **kwargs})


def narrower(req, **kwargs) -> bool:
    try:
        check_not_wider(req, **{"fields": None, "filter_": None, "valid_until": None, **kwargs})
    except ValidationError:
        return False
    return True


@given(requested=TYPES, proposed=TYPES)
def test_it_accepts_exactly_the_subsets_of_the_requested_types(requested, proposed):
    req = asked(filter={"exploitation_types": sorted(requested)})
    assert narrower(req, filter_={"exploitation_types": sorted(proposed)}) == (
        proposed <= requested
    )


@given(requested=FIELDS, proposed=FIELDS)
def test_it_accepts_exactly_the_subsets_of_the_requested_fields(requested, proposed):
    req = asked()
    req.fields = sorted(requested)
    assert narrower(req, fields=sorted(proposed)) == (proposed <= requested)


@given(proposed=FIELDS)
def test_it_accepts_any_field_list_when_all_fields_were_asked(proposed):
    assert narrower(asked(), fields=sorted(proposed))


@given(day=st.dates(min_value=date(2029, 1, 1), max_value=date(2031, 12, 31)))
def test_it_accepts_exactly_the_end_dates_not_after_the_request(day):
    assert narrower(asked(), valid_until=day) == (day <= date(2030, 1, 31))


@pytest.mark.parametrize("key", ["exploitation_types", "regions"])
def test_it_refuses_dropping_a_filter_key(key):
    req = asked(filter={key: ["forced_labour" if key == "exploitation_types" else "KH-12"]})
    assert not narrower(req, filter_={})
