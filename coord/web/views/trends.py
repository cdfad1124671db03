"""Trends: the dashboard (suppressed network counts, drawn as bars) and the observation
form. The table comes from the API's own code path (``coord.trends.services.published_table``:
same query validation, access rules, suppression and audit), so the page can never show a
number the API would not."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from rest_framework import exceptions as drf_exceptions

from coord.organisations.selectors import organisation_of
from coord.trends import selectors, services
from coord.web.forms import ObservationForm
from coord.web.geo import region_choices
from coord.web.views.base import apply_service_errors, member_required
from sharing_policies import trends as policy

DIMENSION_NAMES = {
    "month": gettext_lazy("Month"),
    "region": gettext_lazy("Region"),
    "exploitation_type": gettext_lazy("Exploitation type"),
    "technology": gettext_lazy("Technology"),
    "recruitment_method": gettext_lazy("Recruitment method"),
    "age_band": gettext_lazy("Age band"),
    "gender": gettext_lazy("Gender"),
}
SOURCE_NAMES = {
    "cases": gettext_lazy("Case summaries (consent allows counting)"),
    "observations": gettext_lazy("Trend observations"),
}


class TrendQueryForm(forms.Form):
    """What a person picks; the API's ``TrendQueryInputSerializer`` validates it again."""

    source = forms.ChoiceField(label=gettext_lazy("Count"), choices=SOURCE_NAMES.items())
    group_by = forms.ChoiceField(
        label=gettext_lazy("By"), choices=[(k, v) for k, v in DIMENSION_NAMES.items()]
    )
    then_by = forms.ChoiceField(
        label=gettext_lazy("Then by (optional)"),
        required=False,
        choices=[("", "—"), *DIMENSION_NAMES.items()],
    )
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    from_month = forms.CharField(
        label=gettext_lazy("From (month)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )
    to_month = forms.CharField(
        label=gettext_lazy("Until (month)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Any")), *region_choices()]

    def api_params(self) -> dict[str, str]:
        data = self.cleaned_data
        group_by = [data["group_by"]]
        if data.get("then_by") and data["then_by"] != data["group_by"]:
            group_by.append(data["then_by"])
        params = {"group_by": ",".join(group_by), "source": data["source"]}
        for key, name in (("region", "region"), ("from_month", "from"), ("to_month", "to")):
            if data.get(key):
                params[name] = data[key]
        return params


def _label(dimension: str, value: str) -> str:
    from coord.trends.selectors import DIMENSION_LABELS
    from coord.web.geo import region_name

    if dimension == "region":
        return region_name(value)
    return str(DIMENSION_LABELS.get(dimension, {}).get(value, value))


def _chart(table: dict) -> dict:
    """Bars for the first dimension (its totals when there are two), widths in percent of
    the largest published count; suppressed bars are drawn empty and say so."""
    first = table["group_by"][0]
    entries = (
        table["totals"].get(first, [])
        if len(table["group_by"]) > 1
        else [
            {first: c[first], "count": c["count"], "suppressed": c["suppressed"]}
            for c in table["cells"]
        ]
    )
    largest = max([e["count"] or 0 for e in entries] + [1])
    bars = [
        {
            "label": _label(first, e[first]),
            "count": e["count"],
            "suppressed": e["suppressed"],
            "width": round(100 * (e["count"] or 0) / largest, 1),
        }
        for e in entries
    ]
    for i, bar in enumerate(bars):
        bar["y"] = i * 28
    return {"dimension": DIMENSION_NAMES[first], "bars": bars, "height": len(bars) * 28}


@member_required()
def trends_dashboard(request: HttpRequest) -> HttpResponse:
    policy.ensure_can_read_trends(request.user, request=request)
    data = request.GET if "group_by" in request.GET else {"source": "cases", "group_by": "month"}
    form = TrendQueryForm(data)
    table = chart = None
    if form.is_valid():
        try:
            table = services.published_table(request, form.api_params())
        except drf_exceptions.ValidationError as exc:
            detail = exc.detail if isinstance(exc.detail, dict) else {"__all__": exc.detail}
            for field, errors in detail.items():
                form.add_error(None, f"{field}: {' '.join(map(str, errors))}")
        else:
            chart = _chart(table)
            for cell in table["cells"]:
                cell["labels"] = [_label(d, cell[d]) for d in table["group_by"]]
    latest = policy.observation_summaries(request.user).order_by("-period", "-id")[:10]
    context = {
        "form": form,
        "table": table,
        "chart": chart,
        "headers": [DIMENSION_NAMES[d] for d in table["group_by"]] if table else [],
        "latest": latest,
        "can_log": policy.can_log_observations(request.user),
    }
    template = "web/trends/_results.html" if request.htmx else "web/trends/dashboard.html"
    return render(request, template, context)


@member_required()
@require_http_methods(["GET", "POST"])
def observation_new(request: HttpRequest) -> HttpResponse:
    policy.ensure_can_log_observations(request.user, request=request)
    organisation = organisation_of(request.user)
    form = ObservationForm(request.POST or None, country=organisation.country)
    if request.method == "POST" and form.is_valid():
        try:
            services.trend_observation_create(
                actor=request.user,
                organisation=organisation,
                data=form.service_data(),
                request=request,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you: the observation was logged."))
            return redirect("web:trends")
    own = selectors.observation_list(base=policy.visible_observations(request.user))[:20]
    return render(request, "web/trends/observation_form.html", {"form": form, "own": own})
