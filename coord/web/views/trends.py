"""Trends pages, all in one place: ``/trends/`` (monthly charts), ``/trends/explore/`` (any
table, drawn as bars) and the observation form. Every table comes from the API's own code
path (``coord.trends.api.published_table`` or ``trend_table`` behind the same policy
check): same validation, access rules, suppression and audit, so a page can never show a
number the API would not."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from rest_framework import exceptions as drf_exceptions

from coord.cases.choices import RecruitmentMethod, Technology
from coord.cases.validation import current_month
from coord.lib.errors import Exhausted
from coord.organisations.selectors import organisation_of
from coord.trends import selectors, services
from coord.trends.aggregates import minimum_k
from coord.trends.api import published_table
from coord.trends.selectors import DIMENSION_LABELS, TrendQuery
from coord.web.charts import line_chart
from coord.web.forms import SHOW_ALL_COUNTRIES, ObservationForm, TrendFilterForm
from coord.web.geo import region_choices, region_name
from coord.web.views.base import apply_service_errors, member_required
from sharing_policies.access import trends as policy

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


# The API's query parameters and the dashboard form fields that set them.
API_FIELDS = {
    "source": "source",
    "group_by": "group_by",
    "region": "region",
    "from": "from_month",
    "to": "to_month",
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
    """A value as a person reads it: choice labels, regions by their localised name."""
    if dimension == "region":
        return region_name(value)
    return str(DIMENSION_LABELS.get(dimension, {}).get(value, value))


def _order(dimension: str, values) -> list[str]:
    """Values in the order a person expects: months and the categories' own order (age
    bands numerically, "unknown" last), regions alphabetically by their localised name."""
    values = list(values)
    if dimension == "month":
        return sorted(values)
    if dimension == "region":
        return sorted(values, key=lambda v: (_label("region", v).casefold(), v))
    known = list(DIMENSION_LABELS.get(dimension, {}))
    rank = {v: i for i, v in enumerate(known)}
    return sorted(values, key=lambda v: (rank.get(v, len(known)), v))


def _number(value: float) -> str:
    """A number the browser parses (CSS, SVG, data attributes): always a dot, whatever the
    reader's language (Khmer and Vietnamese write a decimal comma)."""
    return f"{value:.1f}"


def _withheld_below(table: dict) -> int:
    """Under the noisy publication a cell is shown from its release threshold up; under
    exact tables from k."""
    return table["dp"]["threshold"] if table.get("dp") else table["k"]


def _legend(table: dict) -> dict[str, str]:
    """What a withheld cell and an absent one mean, in the reader's language. A noisy
    release does not tell a withheld cell from an empty one; an exact table leaves out only
    real zeros."""
    below = _withheld_below(table)
    if "budget" in table:
        return {
            "withheld": _("fewer than %(n)s, possibly none") % {"n": below},
            "absent": _("fewer than %(n)s, possibly none") % {"n": below},
            "note": _(
                "Every number carries a little random noise. A number under %(n)s is "
                "not shown: it may be small or none, the two are not told apart."
            )
            % {"n": below},
        }
    return {
        "withheld": _("fewer than %(n)s (hidden)") % {"n": below},
        "absent": _("none"),
        "note": _(
            "Exact counts. A number under %(n)s is hidden, and so is any total that would "
            "reveal it; a value not listed has no case."
        )
        % {"n": below},
    }


def _budget_line(table: dict | None) -> str | None:
    """The privacy budget as one sentence: spent of the limit this month, and whether the
    answer came from an earlier release (free)."""
    budget = (table or {}).get("budget")
    if not budget:
        return None
    line = _("Privacy budget for %(month)s: %(spent)s of %(limit)s spent.") % {
        "month": budget["period"],
        "spent": number_format(budget["spent"], decimal_pos=1),
        "limit": number_format(budget["limit"], decimal_pos=1),
    }
    if budget.get("cached"):
        line += " " + _("Answered from an earlier release, at no cost.")
    return line


def _chart(table: dict) -> dict:
    """Bars for the first dimension (its totals when there are two), widths in percent of
    the largest published count, written with a dot for the browser. A withheld bar is
    drawn as an outline up to the threshold it stays under, never as a zero."""
    first = table["group_by"][0]
    entries = (
        table["totals"].get(first, [])
        if len(table["group_by"]) > 1
        else [
            {first: c[first], "count": c["count"], "suppressed": c["suppressed"]}
            for c in table["cells"]
        ]
    )
    rank = {v: i for i, v in enumerate(_order(first, [e[first] for e in entries]))}
    entries = sorted(entries, key=lambda e: rank[e[first]])
    below = _withheld_below(table)
    largest = max([e["count"] or 0 for e in entries] + [below, 1])
    bars = []
    for i, e in enumerate(entries):
        count = e["count"] or 0
        bars.append(
            {
                "label": _label(first, e[first]),
                "count": e["count"],
                "suppressed": e["suppressed"],
                "width": _number(100 * (below if e["suppressed"] else count) / largest),
                "y": i * 28,
            }
        )
    return {"dimension": DIMENSION_NAMES[first], "bars": bars, "height": len(bars) * 28}


def _sorted_cells(table: dict) -> list[dict]:
    """The table's cells with labels, in each dimension's natural order."""
    group_by = table["group_by"]
    ranks = [
        {v: i for i, v in enumerate(_order(d, {c[d] for c in table["cells"]}))} for d in group_by
    ]
    cells = [{**cell, "labels": [_label(d, cell[d]) for d in group_by]} for cell in table["cells"]]
    return sorted(cells, key=lambda c: [r[c[d]] for d, r in zip(group_by, ranks, strict=True)])


@member_required()
def trends_dashboard(request: HttpRequest) -> HttpResponse:
    policy.ensure_can_read_trends(request.user, request=request)
    data = request.GET if "group_by" in request.GET else {"source": "cases", "group_by": "month"}
    form = TrendQueryForm(data)
    table = chart = csv_url = None
    cells: list[dict] = []
    if form.is_valid():
        try:
            table = published_table(request, form.api_params())
        except Exhausted as exc:
            form.add_error(None, exc.message)
        except drf_exceptions.ValidationError as exc:
            detail = exc.detail if isinstance(exc.detail, dict) else {"__all__": exc.detail}
            for field, errors in detail.items():
                # The API's parameter names are not the form's: never show them to people.
                name = API_FIELDS.get(field)
                for error in errors if isinstance(errors, list) else [errors]:
                    form.add_error(name, str(error))
        else:
            chart = _chart(table)
            cells = _sorted_cells(table)
            csv_url = "/api/v1/trends.csv?" + urlencode(form.api_params())
    latest = policy.observation_summaries(request.user).order_by("-period", "-id")[:10]
    context = {
        "form": form,
        "table": table,
        "chart": chart,
        "cells": cells,
        "csv_url": csv_url,
        "legend": _legend(table) if table else None,
        "budget_line": _budget_line(table),
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
    if request.method == "POST" and SHOW_ALL_COUNTRIES in request.POST:
        form = form.with_every_country()
    elif request.method == "POST" and form.is_valid():
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


# --- /trends/: the monthly charts -------------------------------------------------

CHARTS = (
    ("exploitation_type", gettext_lazy("Cases by exploitation type, per month")),
    ("technology", gettext_lazy("Cases by technology involved, per month")),
    ("region", gettext_lazy("Cases by region, per month")),
)
LATEST_OBSERVATIONS = 20
MAX_LINES = 8


def _series(dimension: str, title, table: dict) -> dict:
    """Chart-ready series: one line per value, each point ``{count, withheld}``. A withheld
    point (suppressed, or not listed in a noisy release) has no count and is drawn apart
    from zero; under exact tables a value not listed is a real 0."""
    released = "budget" in table
    months = sorted(
        {c["month"] for c in table["cells"]}
        | {t["month"] for t in table["totals"].get("month", [])}
    )
    values = _order(dimension, {c[dimension] for c in table["cells"]})
    lookup = {(c["month"], c[dimension]): c for c in table["cells"]}
    legend = _legend(table)
    rows = []
    for value in values:
        points = []
        for month in months:
            cell = lookup.get((month, value))
            if cell is None:
                points.append({"count": None if released else 0, "withheld": released})
            else:
                points.append({"count": cell["count"], "withheld": cell["suppressed"]})
        rows.append({"value": value, "label": _label(dimension, value), "points": points})
    # Display strings for the table, made here: thousands of template lookups are slow.
    for row in rows:
        row["shown"] = [
            {"text": legend["withheld"], "withheld": True}
            if p["withheld"]
            else {"text": number_format(p["count"]), "withheld": False}
            for p in row["points"]
        ]
    # Draw the largest lines only (by their published counts); the table lists every row.
    ranked = sorted(rows, key=lambda r: -sum(p["count"] or 0 for p in r["points"]))
    for i, row in enumerate(ranked):
        row["charted"] = i < MAX_LINES
    below = _withheld_below(table)
    charted = [row for row in rows if row["charted"]]
    return {
        "id": f"chart-{dimension}",
        "dimension": dimension,
        "title": str(title),
        "months": months,
        "rows": rows,
        "k": table["k"],
        "below": below,
        "svg": line_chart(months, charted, below, legend["withheld"]) if rows else None,
        "withheld_label": legend["withheld"],
        "note": legend["note"],
        "suppressed_cells": table["suppressed_cells"],
        "budget_line": _budget_line(table),
    }


def _observation_rows(user) -> list[dict]:
    """The latest observations network-wide: categories, region, period and band only."""
    tech = dict(Technology.choices)
    recruit = dict(RecruitmentMethod.choices)
    types = DIMENSION_LABELS["exploitation_type"]
    rows = []
    for obs in policy.observation_summaries(user).order_by("-period", "-created_at")[
        :LATEST_OBSERVATIONS
    ]:
        rows.append(
            {
                "period": f"{obs.period:%Y-%m}",
                "region": region_name(obs.region),
                "indicator": obs.get_indicator_display(),
                "estimated_count": obs.estimated_count,
                "exploitation_types": [str(types.get(v, v)) for v in obs.exploitation_types],
                "technologies": [str(tech.get(v, v)) for v in obs.technologies],
                "recruitment_methods": [str(recruit.get(v, v)) for v in obs.recruitment_methods],
            }
        )
    return rows


def _default_start() -> date:
    """Twelve months up to the current one, unless the person picks a period."""
    latest = current_month()
    year, month = latest.year, latest.month - 11
    if month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


@member_required()
def trends_charts(request: HttpRequest) -> HttpResponse:
    """``/trends/``: the same tables the API publishes, drawn as charts (one
    ``trend_table`` call each, suppressed at k), drawn on the server as SVG
    (``coord.web.charts``): no script, and light on a 2G connection."""
    policy.ensure_can_read_trends(request.user, request=request)
    form = TrendFilterForm(request.GET or None, initial={"month_from": _default_start()})
    if form.is_bound:
        filters = form.cleaned_data if form.is_valid() else {}
    else:
        filters = {"month_from": _default_start()}
    k = minimum_k()
    charts = []
    spent = None
    for dimension, title in CHARTS:
        query = TrendQuery(
            group_by=("month", dimension),
            month_from=filters.get("month_from"),
            month_to=filters.get("month_to"),
            region=filters.get("region"),
        )
        try:
            table = services.trend_table_read(actor=request.user, query=query, k=k, request=request)
        except Exhausted as exc:
            spent = exc.message
            break
        chart = _series(dimension, title, table)
        params = {"group_by": f"month,{dimension}"}
        if filters.get("month_from"):
            params["from"] = f"{filters['month_from']:%Y-%m}"
        if filters.get("month_to"):
            params["to"] = f"{filters['month_to']:%Y-%m}"
        if filters.get("region"):
            params["region"] = filters["region"]
        chart["csv_url"] = "/api/v1/trends.csv?" + urlencode(params)
        charts.append(chart)
    return render(
        request,
        "web/trends/charts.html",
        {
            "form": form,
            "charts": charts,
            "k": k,
            "budget_spent": spent,
            "budget_line": charts[-1]["budget_line"] if charts else None,
            "can_log": policy.can_log_observations(request.user),
            "observations": _observation_rows(request.user),
        },
    )
