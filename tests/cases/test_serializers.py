"""coord.cases.serializers beyond what the API tests reach."""

from __future__ import annotations

from coord.cases.serializers import CaseInputSerializer


def test_each_serializer_binds_its_own_copy_of_a_choice_field():
    one, two = CaseInputSerializer(data={}), CaseInputSerializer(data={})
    assert one.fields["gender"] is not two.fields["gender"]
    assert (one.fields["gender"].parent, two.fields["gender"].parent) == (one, two)


def test_a_list_of_choices_binds_its_own_copy_of_the_choice_field():
    one, two = CaseInputSerializer(data={}), CaseInputSerializer(data={})
    child = one.fields["technologies"].child
    assert child is not two.fields["technologies"].child
    assert child.parent is one.fields["technologies"]
