"""The dashboard's filter form (GET): period and region."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coord.cases.validation import parse_month, validate_region


class MonthInput(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def to_python(self, value):
        value = super().to_python(value)
        return parse_month(value) if value else None

    def prepare_value(self, value):
        return f"{value:%Y-%m}" if isinstance(value, date) else value


class TrendFilterForm(forms.Form):
    month_from = MonthInput(label=_("From (month)"), required=False)
    month_to = MonthInput(label=_("To (month)"), required=False)
    region = forms.CharField(
        label=_("Region (ISO 3166-2)"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"list": "trend-regions", "placeholder": "KH-12"}),
    )

    def clean_region(self) -> str | None:
        value = self.cleaned_data["region"].strip()
        if not value:
            return None
        validate_region(value)
        return value.upper()

    def clean(self):
        data = super().clean()
        start, end = data.get("month_from"), data.get("month_to")
        if start and end and start > end:
            raise ValidationError({"month_to": _("Must not be before the start month.")})
        return data
