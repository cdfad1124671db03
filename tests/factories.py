"""factory_boy factories shared by every test package."""

import factory
from django.contrib.auth import get_user_model

from coord.organisations.models import Membership, Organisation, Role


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    country = "KH"
    kind = Organisation.Kind.NGO


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CASEWORKER


def member(org: Organisation, role: str = Role.CASEWORKER, username: str | None = None):
    """A user who belongs to ``org`` with ``role``."""
    kwargs = {"username": username} if username else {}
    return MembershipFactory(organisation=org, role=role, user=UserFactory(**kwargs)).user


def coordinator(username: str | None = None):
    kwargs = {"username": username} if username else {}
    return MembershipFactory(
        organisation=None, role=Role.COORDINATOR, user=UserFactory(**kwargs)
    ).user


def readable_fields(user, case) -> set[str]:
    """The fields the access policy's decision for ``case`` names for ``user`` (what a
    detail view shows), or none when the case is hidden from them."""
    from coord.lib.errors import NotFound
    from sharing_policies.access.cases import case_access

    try:
        return set(case_access(user, case.reference).fields)
    except NotFound:
        return set()
