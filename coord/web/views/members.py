"""Organisation admin: members and roles, over ``coord.organisations`` services.

Every page starts with ``policy.organisation_for_member_admin``, the same rule the
API uses: own admins pass, the organisation's caseworkers get 403, anyone else 404
(audited as denied).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coord.organisations import selectors, services
from coord.organisations.models import Membership
from coord.web.forms import MemberAddForm, MemberRoleForm
from coord.web.views.base import apply_service_errors, member_required
from sharing_policies.access import organisations as policy


def _member(request: HttpRequest, slug: str, username: str) -> Membership:
    org = policy.organisation_for_member_admin(request.user, slug, request=request)
    membership = selectors.member_get(organisation=org, username=username)
    if membership is None:
        raise Http404
    return membership


@member_required()
def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    org = policy.organisation_for_member_admin(request.user, slug, request=request)
    return render(
        request,
        "web/members/list.html",
        {"organisation": org, "members": selectors.member_list(organisation=org)},
    )


@member_required()
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    org = policy.organisation_for_member_admin(request.user, slug, request=request)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.member_create(
                actor=request.user, organisation=org, set_by_admin=True, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("%(username)s was added.") % {"username": membership.user.username}
            )
            return redirect("web:member-list", slug=org.slug)
    return render(request, "web/members/add.html", {"organisation": org, "form": form})


@member_required()
@require_http_methods(["GET", "POST"])
def member_detail(request: HttpRequest, slug: str, username: str) -> HttpResponse:
    membership = _member(request, slug, username)
    is_self = membership.user_id == request.user.pk
    form = MemberRoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST":
        policy.ensure_not_own_membership(request.user, membership, request=request)
        if form.is_valid():
            try:
                services.member_update(
                    actor=request.user, membership=membership, role=form.cleaned_data["role"]
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The role was changed."))
                return redirect("web:member-list", slug=slug)
    return render(
        request,
        "web/members/detail.html",
        {
            "organisation": membership.organisation,
            "member": membership,
            "form": form,
            "is_self": is_self,
        },
    )


@member_required()
@require_http_methods(["GET", "POST"])
def member_set_active(request: HttpRequest, slug: str, username: str, active: bool) -> HttpResponse:
    """Deactivate (or reactivate) after a confirmation page; deactivating signs the person out
    of every API client at once."""
    membership = _member(request, slug, username)
    policy.ensure_not_own_membership(request.user, membership, request=request)
    if request.method == "POST":
        services.member_update(actor=request.user, membership=membership, is_active=active)
        if active:
            messages.success(request, _("%(username)s can sign in again.") % {"username": username})
        else:
            messages.success(request, _("%(username)s was deactivated.") % {"username": username})
        return redirect("web:member-list", slug=slug)
    return render(
        request,
        "web/members/confirm_active.html",
        {"organisation": membership.organisation, "member": membership, "active": active},
    )
