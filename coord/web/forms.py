"""Web forms. Choices come from the models' enums, so every category is a list, never free
text; services still validate everything again."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coord.cases.choices import (
    INITIAL_STATUSES,
    AgeBand,
    ClosureReason,
    Consent,
    ControlMethod,
    ExploitationType,
    Gender,
    Industry,
    RecruitmentMethod,
    Service,
    Status,
    Technology,
)
from coord.cases.validation import (
    MAX_NOTES_CHARS,
    MAX_SUMMARY_CHARS,
    format_month,
    parse_month,
    validate_region,
    validate_reported_month,
)
from coord.followups.models import FollowUpStatus
from coord.followups.models import Kind as FollowUpKind
from coord.followups.services import MAX_NOTE_CHARS
from coord.organisations.models import Role
from coord.pii.guard import scan
from coord.pii.validation import KIND_LABELS
from coord.web.geo import country_choices, region_choices

PII_WEB_MESSAGE = _(
    "Possible identifier (%(label)s), marked in your text below. "
    "Remove it and describe the situation in general terms."
)


def pii_marked_segments(text: str) -> list[tuple[str, str | None]]:
    """The text cut into ``(piece, kind label or None)``: the pieces the guard refused
    carry the label of their kind, so a template can wrap them in ``<mark>``. The
    template escapes every piece; nothing here is logged or stored."""
    segments: list[tuple[str, str | None]] = []
    at = 0
    for finding in scan(text):
        if finding.start > at:
            segments.append((text[at : finding.start], None))
        segments.append((text[finding.start : finding.end], str(KIND_LABELS[finding.kind])))
        at = finding.end
    if at < len(text):
        segments.append((text[at:], None))
    return segments


class PiiBoundField(forms.BoundField):
    @property
    def pii_segments(self) -> list[tuple[str, str | None]]:
        """The user's own submitted text with the refused spans marked, only when the guard
        refused it (echoed to the same user on the same form; never logged or stored)."""
        if not self.form.is_bound or not self.form.has_error(self.name, "pii_detected"):
            return []
        return pii_marked_segments(str(self.value() or ""))


class PiiGuardedTextField(forms.CharField):
    """Free text checked by the PII guard. A refusal names the kinds, and the page shows
    the text with the refused characters highlighted instead of character positions
    (the API keeps kind/start/end)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("template_name", "web/partials/pii_field.html")
        super().__init__(**kwargs)

    def validate(self, value: str) -> None:
        super().validate(value)
        if not value:
            return
        kinds = list(dict.fromkeys(f.kind for f in scan(value)))
        if kinds:
            raise ValidationError(
                [
                    ValidationError(
                        PII_WEB_MESSAGE,
                        code="pii_detected",
                        params={"label": KIND_LABELS[kind]},
                    )
                    for kind in kinds
                ]
            )

    def get_bound_field(self, form, field_name):
        return PiiBoundField(form, self, field_name)


MEMBER_ROLES = [
    (Role.CASEWORKER.value, Role.CASEWORKER.label),
    (Role.ADMIN.value, Role.ADMIN.label),
]


class SignInForm(AuthenticationForm):
    """Django's sign-in form; one message for a wrong username or password alike."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong username or password."),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")

    def confirm_login_allowed(self, user) -> None:
        """A one-time reset code signs in once, within 24 hours."""
        super().confirm_login_allowed(user)
        from coord.organisations.selectors import sign_in_refusal

        if sign_in_refusal(user) is not None:
            raise ValidationError(
                _("This one-time code no longer works. Ask your admin for a new one."),
                code="reset_code_spent",
            )


class PasswordChangeForm(forms.Form):
    """Your own password: the current one, then the new one twice (the service checks the
    current one and runs Django's validators)."""

    current_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        max_length=128,
        help_text=_("At least 8 characters, not a common password, not only digits."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label=_("New password again"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        new, again = data.get("new_password"), data.get("new_password_again")
        if new and again and new != again:
            self.add_error("new_password_again", _("The two new passwords differ."))
        return data


class MemberAddForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[\w.@+-]+\Z",
        max_length=150,
        help_text=_("Letters, digits and . @ + - _ only. Not a person's real name is best."),
        error_messages={"invalid": _("Use only letters, digits and . @ + - _")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    password = forms.CharField(
        label=_("First password"),
        strip=False,
        max_length=128,
        help_text=_("At least 8 characters, not a common password. Share it in person."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=MEMBER_ROLES, widget=forms.RadioSelect)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MEMBER_ROLES, widget=forms.RadioSelect)


class MonthField(forms.CharField):
    """``YYYY-MM`` in and out (an ``<input type="month">``); full dates are refused with the
    cases app's own messages, so the web and the API say the same thing."""

    widget = forms.DateInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def prepare_value(self, value):
        return format_month(value) if isinstance(value, date) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return parse_month(value)


def _multi(label, choices_cls, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices_cls.choices,
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )


SHOW_ALL_COUNTRIES = "show_all_countries"  # the form's "every country" button
ALL_COUNTRIES = "all_countries"  # kept as a hidden field once the full lists are shown


class PlaceChoicesMixin:
    """Region (and citizenship) selects listing the organisation's own country and the
    network's countries, plus any value already chosen, unless the person asks for every
    country: the full lists are 540 regions and 250 countries, more than the case form's
    10 KB budget on 2G (issue 25). ``places_narrowed`` tells the page to offer the rest."""

    rebuild_kwargs: dict = {}  # what else the form was made with, to make it again

    def _narrow_places(self, country: str | None, every_country: bool) -> None:
        self.country = country
        data = self.data if self.is_bound else {}
        self.places_narrowed = bool(country) and not (every_country or ALL_COUNTRIES in data)
        if not self.places_narrowed:
            regions, countries = region_choices(country), country_choices()
        else:
            region = self["region"].value()
            keep = {country.upper()} | ({region.split("-")[0].upper()} if region else set())
            chosen = (
                set(self["citizenship"].value() or []) if "citizenship" in self.fields else set()
            )
            regions, countries = region_choices(country, keep), country_choices(chosen)
        self.fields["region"].choices = [("", _("Choose a region")), *regions]
        if "citizenship" in self.fields:
            self.fields["citizenship"].choices = countries

    def with_every_country(self):
        """This form again, unbound, with what was typed kept and every country listed: the
        answer to the "show every country" button, which must neither save nor complain."""
        initial = {name: self[name].value() for name in self.fields}
        return type(self)(
            initial=initial, country=self.country, every_country=True, **self.rebuild_kwargs
        )


class CaseForm(PlaceChoicesMixin, forms.Form):
    """Every category is a closed list; the two free-text fields pass the PII guard here (for
    field-level messages) and again in ``coord.cases.services``."""

    reported_month = MonthField(
        label=_("Month reported"),
        help_text=_("Month only (YYYY-MM), never the exact day."),
    )
    region = forms.ChoiceField(label=_("Region"), help_text=_("First-level region only."))
    age_band = forms.ChoiceField(label=_("Age band"), choices=AgeBand.choices)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, widget=forms.RadioSelect)
    citizenship = forms.MultipleChoiceField(
        label=_("Citizenship"),
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose more than one."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    exploitation_types = _multi(_("Exploitation types"), ExploitationType)
    recruitment_methods = _multi(_("How the person was recruited"), RecruitmentMethod)
    control_methods = _multi(_("Means of control"), ControlMethod)
    industry = forms.ChoiceField(
        label=_("Industry"),
        required=False,
        choices=[("", _("Not known / not applicable")), *list(Industry.choices)],
    )
    technologies = _multi(_("Technology involved"), Technology)
    services_provided = _multi(_("Services provided"), Service)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(value, Status(value).label) for value in INITIAL_STATUSES],
        help_text=_("Later changes: the buttons on the case page (start, close, reopen)."),
    )
    consent = forms.ChoiceField(
        label=_("Consent"),
        choices=Consent.choices,
        widget=forms.RadioSelect,
        help_text=_("What the person agreed to. Each level includes the ones above it."),
    )
    summary = PiiGuardedTextField(
        label=_("Summary"),
        required=False,
        max_length=MAX_SUMMARY_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Describe the situation in general terms. No names, phone numbers, e-mail "
            "addresses, ID numbers, exact dates of birth or addresses: they are refused."
        ),
    )
    notes = PiiGuardedTextField(
        label=_("Caseworker notes"),
        required=False,
        max_length=MAX_NOTES_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Encrypted; seen only by your organisation. Notes are never shared, not even under "
            "a grant."
        ),
    )

    def __init__(
        self,
        *args,
        country: str | None = None,
        every_country: bool = False,
        editing: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._narrow_places(country, every_country)
        self.rebuild_kwargs = {"editing": editing}
        if editing:  # the status moves through the workflow's buttons, not the edit form
            del self.fields["status"]

    def clean_reported_month(self):
        month = self.cleaned_data["reported_month"]
        if month is not None:
            validate_reported_month(month)
        return month

    def changed_values(self) -> dict:
        """Only what the person changed, so an edit re-encrypts and audits no more than that."""
        return {name: self.cleaned_data[name] for name in self.changed_data}

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("summary", "notes"):
            if not data.get(name):
                data.pop(name, None)
        return data


class CaseCloseForm(forms.Form):
    closure_reason = forms.ChoiceField(
        label=_("Why is the case closed?"),
        choices=[("", _("Choose a reason")), *ClosureReason.choices],
    )


class CaseAssignForm(forms.Form):
    """The new owner, among the organisation's active members (the view gives the list)."""

    owner = forms.ChoiceField(label=_("Caseworker"))

    def __init__(self, *args, members=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            ("", _("Choose a member")),
            *((m.user.username, m.user.username) for m in members),
        ]


# --- sharing ------------------------------------------------------------------------------

FIELD_LABELS = {
    "reported_month": _("Month reported"),
    "region": _("Region"),
    "age_band": _("Age band"),
    "gender": _("Gender"),
    "citizenship": _("Citizenship"),
    "exploitation_types": _("Exploitation types"),
    "recruitment_methods": _("How the person was recruited"),
    "control_methods": _("Means of control"),
    "industry": _("Industry"),
    "technologies": _("Technology involved"),
    "services_provided": _("Services provided"),
    "status": _("Status"),
    "consent": _("Consent"),
}


def _field_choices() -> list[tuple[str, str]]:
    from sharing_policies.grants import GRANTABLE_FIELDS

    return [(name, FIELD_LABELS.get(name, name)) for name in sorted(GRANTABLE_FIELDS)]


def _end_date_help() -> str:
    from django.conf import settings
    from django.utils.translation import gettext

    return gettext("From tomorrow, at most %(days)s days from today.") % {
        "days": settings.COORD_MAX_GRANT_DAYS
    }


class EndDateInput(forms.DateInput):
    """A date input limited to the dates a service accepts (tomorrow up to
    ``COORD_MAX_GRANT_DAYS`` away), computed when the page is drawn, so the browser's
    picker offers no date the server would refuse."""

    input_type = "date"

    def get_context(self, name, value, attrs):
        from datetime import timedelta

        from django.conf import settings
        from django.utils import timezone

        today = timezone.localdate()
        limits = {
            "min": (today + timedelta(days=1)).isoformat(),
            "max": (today + timedelta(days=settings.COORD_MAX_GRANT_DAYS)).isoformat(),
        }
        return super().get_context(name, value, {**(attrs or {}), **limits})


class EndDateField(forms.DateField):
    widget = EndDateInput

    def __init__(self, **kwargs) -> None:
        from django.utils.functional import lazy

        kwargs.setdefault("help_text", lazy(_end_date_help, str)())
        super().__init__(**kwargs)


class SharingFilterMixin(forms.Form):
    """The grant filter: which cases a grant covers (nothing chosen means all)."""

    exploitation_types = forms.MultipleChoiceField(
        label=_("Only these exploitation types"),
        required=False,
        choices=ExploitationType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.MultipleChoiceField(
        label=_("Only these regions"),
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose more than one."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    reported_from = MonthField(label=_("Reported from (month)"), required=False)
    reported_to = MonthField(label=_("Reported until (month)"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regions"].choices = region_choices()

    def filter_value(self) -> dict:
        data = self.cleaned_data
        return {
            key: data.get(key)
            for key in ("exploitation_types", "regions", "reported_from", "reported_to")
            if data.get(key)
        }


class AccessRequestForm(SharingFilterMixin):
    """Ask a partner organisation for access; the purpose passes the PII guard."""

    field_order = ["to_organisation", "scope", "fields", "purpose", "valid_until"]

    to_organisation = forms.ChoiceField(label=_("Ask which organisation"))
    scope = forms.ChoiceField(label=_("What you ask for"), widget=forms.RadioSelect)
    fields = forms.MultipleChoiceField(
        label=_("Which case fields"),
        required=False,
        help_text=_("Nothing chosen means every category field."),
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = PiiGuardedTextField(
        label=_("Purpose"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why you need it, in general terms. No names or identifiers."),
    )
    valid_until = EndDateField(label=_("Until (last day)"))

    def __init__(self, *args, organisations=(), **kwargs) -> None:
        from sharing_policies.models import Scope

        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].choices = [("", _("Choose an organisation"))] + [
            (org.slug, f"{org.name} ({org.country})") for org in organisations
        ]
        self.fields["scope"].choices = Scope.choices
        self.fields["fields"].choices = _field_choices()


class ApproveForm(SharingFilterMixin):
    """Approve as asked, or narrower: fewer fields, a smaller filter, an earlier end."""

    field_order = ["fields", "exploitation_types", "regions", "reported_from", "reported_to"]

    fields = forms.MultipleChoiceField(
        label=_("Case fields granted"),
        required=False,
        help_text=_("Untick fields to grant less than was asked."),
        widget=forms.CheckboxSelectMultiple,
    )
    valid_until = EndDateField(label=_("Until (last day)"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fields"].choices = _field_choices()


class ReasonForm(forms.Form):
    reason = PiiGuardedTextField(
        label=_("Reason (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeclineForm(forms.Form):
    """Declining a referral: the sender is told why (required on the web)."""

    reason = PiiGuardedTextField(
        label=_("Why you decline"),
        help_text=_("The sending organisation sees this. No names or other identifiers."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ShareForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Share with"))
    valid_until = EndDateField(label=_("Until (last day)"))
    include_narrative = forms.BooleanField(
        label=_("Include the narrative summary (never the caseworker notes)"), required=False
    )

    def __init__(self, *args, organisations=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("Choose an organisation"))] + [
            (org.slug, f"{org.name} ({org.country})") for org in organisations
        ]


class ReferralForm(forms.Form):
    to_organisation = forms.ChoiceField(label=_("Refer to"))
    reason = forms.ChoiceField(label=_("For which service"))
    message = PiiGuardedTextField(
        label=_("Message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    valid_until = EndDateField(label=_("Visible to them until (last day)"))

    def __init__(self, *args, organisations=(), **kwargs) -> None:
        from sharing_policies.models import ReferralReason

        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].choices = [("", _("Choose an organisation"))] + [
            (org.slug, f"{org.name} ({org.country})") for org in organisations
        ]
        self.fields["reason"].choices = ReferralReason.choices


class SecondFactorForm(forms.Form):
    error_messages = {"wrong": _("That code is not valid. Check the time on your phone.")}

    otp = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=16,
        help_text=_("Six digits, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class ObservationForm(PlaceChoicesMixin, forms.Form):
    """A de-identified signal about a pattern, never a person; the note passes the PII guard."""

    period = MonthField(label=_("Month observed"))
    region = forms.ChoiceField(label=_("Region"))
    indicator = forms.ChoiceField(label=_("What you noticed"), widget=forms.RadioSelect)
    estimated_count = forms.ChoiceField(label=_("About how many cases"), widget=forms.RadioSelect)
    exploitation_types = _multi(_("Exploitation types"), ExploitationType)
    recruitment_methods = _multi(_("How people were recruited"), RecruitmentMethod)
    technologies = _multi(_("Technology involved"), Technology)
    industry = forms.ChoiceField(
        label=_("Industry"),
        required=False,
        choices=[("", _("Not known / not applicable")), *Industry.choices],
    )
    note = PiiGuardedTextField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: fake job ads on a messaging app recruiting for fishing boats. "
            "No names, numbers or addresses."
        ),
    )

    def __init__(
        self, *args, country: str | None = None, every_country: bool = False, **kwargs
    ) -> None:
        from coord.trends.models import CountBand, Indicator

        super().__init__(*args, **kwargs)
        self._narrow_places(country, every_country)
        self.fields["indicator"].choices = Indicator.choices
        self.fields["estimated_count"].choices = CountBand.choices

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        if not data.get("note"):
            data.pop("note", None)
        return data


# --- the trends charts' filter (GET): period and region ---------------------------


class MonthInput(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def to_python(self, value):
        value = super().to_python(value)
        return parse_month(value) if value else None

    def prepare_value(self, value):
        return f"{value:%Y-%m}" if isinstance(value, date) else value


class TrendFilterForm(forms.Form):
    """Filters of the monthly charts: a period and a region picked from a list."""

    month_from = MonthInput(label=_("From (month)"), required=False)
    month_to = MonthInput(label=_("To (month)"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Any")), *region_choices()]

    def clean_region(self) -> str | None:
        value = self.cleaned_data["region"]
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


class DateInput(forms.DateInput):
    input_type = "date"


class FollowUpForm(forms.Form):
    """A follow-up of a case: the same checks as the API (the service repeats them)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=FollowUpKind.choices)
    status = forms.ChoiceField(
        label=_("Status"), choices=FollowUpStatus.choices, initial=FollowUpStatus.PLANNED
    )
    due_date = forms.DateField(label=_("Due date"), widget=DateInput)
    note = PiiGuardedTextField(
        label=_("Note"),
        required=False,
        max_length=MAX_NOTE_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De-identified only: no names, phone numbers, addresses or ID numbers."),
    )


class FollowUpStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices)


class ProfileForm(forms.Form):
    """Your own name, work e-mail and language (the service checks the formats)."""

    first_name = forms.CharField(label=_("Given name"), required=False, max_length=150)
    last_name = forms.CharField(label=_("Family name"), required=False, max_length=150)
    email = forms.EmailField(
        label=_("Work e-mail"),
        required=False,
        help_text=_("Where a forgotten-password link is sent."),
    )
    language = forms.ChoiceField(label=_("Preferred language"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("As my browser asks")), *settings.LANGUAGES]


class NotificationEmailForm(forms.Form):
    """Which kinds of notification you also want by e-mail; none ticked by default."""

    kinds = forms.MultipleChoiceField(
        label=_("E-mail me about"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each e-mail says only which kind of notification is waiting, with a link to "
            "your notifications; never case details. Sent to your work e-mail."
        ),
    )

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = kinds
