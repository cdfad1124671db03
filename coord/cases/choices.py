"""Category value lists for case summaries.

They follow the IOM Human Trafficking Case Data Standard (HTCDS) where it names values,
and are coarse on purpose: every value is meant to be counted across many cases.
``docs/data-model.md`` documents them. Values are stable codes; labels are for people.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AgeBand(models.TextChoices):
    A0_8 = "0-8", "0-8"
    A9_17 = "9-17", "9-17"
    A18_20 = "18-20", "18-20"
    A21_23 = "21-23", "21-23"
    A24_26 = "24-26", "24-26"
    A27_29 = "27-29", "27-29"
    A30_38 = "30-38", "30-38"
    A39_47 = "39-47", "39-47"
    A48_PLUS = "48+", "48+"
    UNKNOWN = "unknown", _("Unknown")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Status(models.TextChoices):
    """The case workflow: open -> active -> closed -> reopened (docs/data-model.md "Case
    work"); ``coord.cases.services.CASE_TRANSITIONS`` says which moves are allowed."""

    OPEN = "open", pgettext_lazy("case status", "Open")
    ACTIVE = "active", pgettext_lazy("case status", "Active")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")
    REOPENED = "reopened", pgettext_lazy("case status", "Reopened")


# A new case may start open (not yet worked) or active (already being worked).
INITIAL_STATUSES = (Status.OPEN, Status.ACTIVE)
# Statuses of the cases a caseworker is working: "My cases" and caseloads count these.
WORKING_STATUSES = (Status.OPEN, Status.ACTIVE, Status.REOPENED)


class ClosureReason(models.TextChoices):
    """Why a case was closed: a fixed list, so closures can be counted and nothing personal
    is written in a free-text reason."""

    GOALS_MET = "goals_met", _("Support goals met")
    REFERRED = "referred", _("Referred to another organisation")
    DECLINED = "declined_support", _("The person declined further support")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    MOVED_AWAY = "moved_away", _("Moved out of the service area")
    DUPLICATE = "duplicate", _("Duplicate record")
    OTHER = "other", _("Other")


class Consent(models.TextChoices):
    """What the person agreed to: each level includes the ones before it."""

    NONE = "none", _("Stays inside the organisation")
    AGGREGATE = "aggregate", _("May be counted in network trends")
    SHARE = "share", _("May also be shared under grants")


# Consent levels that may be counted in a figure (network trends, a partner's breakdown).
# ``none`` never is; reading a case outside its organisation needs ``share``.
COUNTED_CONSENT = (Consent.AGGREGATE, Consent.SHARE)


class ExploitationType(models.TextChoices):
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    SEXUAL_EXPLOITATION = "sexual_exploitation", _("Sexual exploitation")
    CHILD_LABOUR = "child_labour", _("Child labour")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    SERVITUDE = "servitude", _("Servitude")
    FORCED_MILITARY = "forced_military", _("Forced military service")
    ORGAN_REMOVAL = "organ_removal", _("Organ removal")
    FORCED_BEGGING = "forced_begging", _("Forced begging")
    FORCED_CRIMINALITY = "forced_criminality", _("Forced criminality (e.g. scam compounds)")
    FORCED_ADOPTION = "forced_adoption", _("Forced adoption")
    SURROGACY = "surrogacy", _("Forced surrogacy")
    OTHER = "other", _("Other")


class RecruitmentMethod(models.TextChoices):
    """How the person was recruited (HTCDS "recruiter relationship / means of recruitment")."""

    FALSE_JOB_OFFER = "false_job_offer", _("False job offer")
    RECRUITMENT_AGENCY = "recruitment_agency", _("Recruitment or employment agency")
    ONLINE_CONTACT = "online_contact", _("Contact made online")
    FAMILY_MEMBER = "family_member", _("Family member")
    FRIEND_OR_ACQUAINTANCE = "friend_or_acquaintance", _("Friend or acquaintance")
    INTIMATE_PARTNER = "intimate_partner", _("Intimate partner")
    MARRIAGE_OFFER = "marriage_offer", _("Marriage offer")
    EDUCATION_OFFER = "education_offer", _("Education or study offer")
    MIGRATION_OFFER = "migration_offer", _("Offer of travel or migration help")
    SOLD_BY_FAMILY = "sold_by_family", _("Sold by family")
    ABDUCTION = "abduction", _("Abduction")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class ControlMethod(models.TextChoices):
    """How the person was kept (HTCDS "means of control")."""

    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    TAKES_EARNINGS = "takes_earnings", _("Earnings taken")
    WITHHOLDS_WAGES = "withholds_wages", _("Wages withheld")
    DOCUMENTS_CONFISCATED = "documents_confiscated", _("Identity documents confiscated")
    RESTRICTED_MOVEMENT = "restricted_movement", _("Movement restricted / confinement")
    ISOLATION = "isolation", _("Isolation")
    THREATS = "threats", _("Threats")
    THREATS_TO_FAMILY = "threats_to_family", _("Threats to family")
    PHYSICAL_ABUSE = "physical_abuse", _("Physical abuse")
    SEXUAL_ABUSE = "sexual_abuse", _("Sexual abuse")
    PSYCHOLOGICAL_ABUSE = "psychological_abuse", _("Psychological abuse")
    SUBSTANCE_ABUSE = "substance_abuse", _("Forced use of drugs or alcohol")
    DENIED_NECESSITIES = "denied_necessities", _("Denied food, sleep or medical care")
    EXCESSIVE_HOURS = "excessive_hours", _("Excessive working hours")
    FALSE_PROMISES = "false_promises", _("False promises")
    OTHER = "other", _("Other")


class Industry(models.TextChoices):
    """ISIC Rev. 4 sections."""

    A = "A", _("Agriculture, forestry and fishing")
    B = "B", _("Mining and quarrying")
    C = "C", _("Manufacturing")
    D = "D", _("Electricity, gas, steam and air conditioning supply")
    E = "E", _("Water supply; sewerage, waste management")
    F = "F", _("Construction")
    G = "G", _("Wholesale and retail trade")
    H = "H", _("Transportation and storage")
    I = "I", _("Accommodation and food service activities")  # noqa: E741 - ISIC letter
    J = "J", _("Information and communication")
    K = "K", _("Financial and insurance activities")
    L = "L", _("Real estate activities")
    M = "M", _("Professional, scientific and technical activities")
    N = "N", _("Administrative and support service activities")
    O = "O", _("Public administration and defence")  # noqa: E741 - ISIC letter
    P = "P", _("Education")
    Q = "Q", _("Human health and social work activities")
    R = "R", _("Arts, entertainment and recreation")
    S = "S", _("Other service activities")
    T = "T", _("Activities of households as employers")
    U = "U", _("Activities of extraterritorial organisations")


class Technology(models.TextChoices):
    SOCIAL_MEDIA = "social_media", _("Social media")
    MESSAGING_APP = "messaging_app", _("Messaging app")
    ONLINE_JOB_AD = "online_job_ad", _("Online job advertisement")
    DATING_APP = "dating_app", _("Dating app")
    ONLINE_GAME = "online_game", _("Online game")
    LIVESTREAM = "livestream", _("Livestreaming")
    ONLINE_MARKETPLACE = "online_marketplace", _("Online marketplace")
    MOBILE_MONEY = "mobile_money", _("Mobile money")
    CRYPTOCURRENCY = "cryptocurrency", _("Cryptocurrency")
    OTHER = "other", _("Other")


class Service(models.TextChoices):
    """Services the organisation provided or arranged."""

    SHELTER = "shelter", _("Shelter")
    MEDICAL = "medical", _("Medical care")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    REPATRIATION = "repatriation", _("Repatriation")
    REINTEGRATION = "reintegration", _("Reintegration support")
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
    EDUCATION = "education", _("Education")
    FINANCIAL_ASSISTANCE = "financial_assistance", _("Financial assistance")
    FAMILY_TRACING = "family_tracing", _("Family tracing")
    INTERPRETATION = "interpretation", _("Interpretation")
    REFERRAL = "referral", _("Referral to another provider")
    OTHER = "other", _("Other")


class Dimension(models.TextChoices):
    """The multi-valued categories, each stored as rows of ``CaseCategory``."""

    CITIZENSHIP = "citizenship", _("Citizenship")
    EXPLOITATION_TYPE = "exploitation_type", _("Exploitation type")
    RECRUITMENT_METHOD = "recruitment_method", _("Recruitment method")
    CONTROL_METHOD = "control_method", _("Control method")
    TECHNOLOGY = "technology", _("Technology")
    SERVICE = "service", _("Service provided")


# Case field (API name, list of codes) -> its dimension in CaseCategory.
LIST_FIELDS: dict[str, str] = {
    "citizenship": Dimension.CITIZENSHIP,
    "exploitation_types": Dimension.EXPLOITATION_TYPE,
    "recruitment_methods": Dimension.RECRUITMENT_METHOD,
    "control_methods": Dimension.CONTROL_METHOD,
    "technologies": Dimension.TECHNOLOGY,
    "services_provided": Dimension.SERVICE,
}

# The closed value list of each dimension (citizenship is validated with pycountry instead).
DIMENSION_CHOICES: dict[str, type[models.TextChoices]] = {
    Dimension.EXPLOITATION_TYPE: ExploitationType,
    Dimension.RECRUITMENT_METHOD: RecruitmentMethod,
    Dimension.CONTROL_METHOD: ControlMethod,
    Dimension.TECHNOLOGY: Technology,
    Dimension.SERVICE: Service,
}


# The coarse (category) fields of a case in the order people read them: the import template,
# exports and the grantable field set (``sharing_policies.grants.CATEGORY_FIELDS``) use it.
CATEGORY_FIELD_ORDER = (
    "reported_month",
    "region",
    "age_band",
    "gender",
    "citizenship",
    "exploitation_types",
    "recruitment_methods",
    "control_methods",
    "industry",
    "technologies",
    "services_provided",
    "status",
    "consent",
)
