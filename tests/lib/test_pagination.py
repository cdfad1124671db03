import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

from coord.lib.api import CountInPagePaginator
from coord.organisations.models import Organisation
from tests.factories import OrganisationFactory


@pytest.fixture
def seven(db):
    OrganisationFactory.create_batch(7)
    return Organisation.objects.order_by("id")


def test_it_counts_with_the_page_in_one_query(seven, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = CountInPagePaginator(seven, 3).page(2)
        assert (page.paginator.count, page.has_next()) == (7, True)
    assert list(page) == list(seven[3:6])


def test_it_gives_the_same_pages_as_djangos_paginator(seven):
    ours, django = CountInPagePaginator(seven, 3), Paginator(seven, 3)
    for number in (1, 2, 3):
        assert list(ours.page(number)) == list(django.page(number))
        assert ours.page(number).paginator.num_pages == 3


def test_it_refuses_a_page_past_the_end(seven):
    with pytest.raises(EmptyPage):
        CountInPagePaginator(seven, 3).page(4)


def test_it_refuses_a_page_that_is_not_a_number(seven):
    with pytest.raises(PageNotAnInteger):
        CountInPagePaginator(seven, 3).page("two")


def test_it_serves_an_empty_first_page_for_an_empty_list(db):
    page = CountInPagePaginator(Organisation.objects.order_by("id"), 3).page(1)
    assert (list(page), page.paginator.count) == ([], 0)
