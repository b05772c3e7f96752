"""The eligibility helper's matching rules: pure functions over a scheme's eligibility data.

Every rule is data on the scheme (`Scheme.requires_voluntary_register`, `.categories`, …), never
code per scheme. Each rule gives one of three outcomes for a set of answers:

- met (a reason why it fits),
- fixable or unknown (the scheme *might* fit: what is missing, e.g. "register first"),
- not met (the scheme does not fit, and why).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.choices import ActivityType, Category, TargetGroup

FITS = "fits"
MIGHT_FIT = "might_fit"
DOES_NOT_FIT = "does_not_fit"

VOLUNTARY_REGISTER_URL = "https://www.brreg.no/frivillighetsregisteret/"
ORGANIZATION_NUMBER_URL = "https://www.brreg.no/lag-og-foreninger/"


class Level:
    """Where the organisation stands: on its own, a branch, or a national body (by size)."""

    LOCAL = "local"
    BRANCH = "branch"
    NATIONAL_SMALL = "national_small"
    NATIONAL = "national"

    choices = [
        (LOCAL, gettext_lazy("A local organisation on its own")),
        (BRANCH, gettext_lazy("A local branch of a regional or national organisation")),
        (
            NATIONAL_SMALL,
            gettext_lazy("A regional or national organisation, fewer than 5 branches"),
        ),
        (NATIONAL, gettext_lazy("A regional or national organisation with 5 or more branches")),
    ]


class SizeBand:
    """Yearly turnover (income) bands, in NOK."""

    UNDER_100K = "under_100k"
    FROM_100K = "100k_1m"
    OVER_1M = "over_1m"

    choices = [
        (UNDER_100K, gettext_lazy("Under 100 000 a year")),
        (FROM_100K, gettext_lazy("100 000 – 1 million a year")),
        (OVER_1M, gettext_lazy("Over 1 million a year")),
    ]


@dataclass(frozen=True)
class Answers:
    """The questionnaire's answers; None means "don't know" or not answered."""

    category: str | None = None
    registered: bool | None = None  # in the Register of Non-Profit Organisations
    has_org_number: bool | None = None
    has_cvr: bool | None = None  # a Danish CVR number
    level: str | None = None
    activity_type: str | None = None
    target_group: str | None = None
    size_band: str | None = None
    municipality_id: int | None = None


@dataclass
class Match:
    scheme: Any
    verdict: str
    reasons: list[str] = field(default_factory=list)  # why it fits
    missing: list[dict] = field(default_factory=list)  # {"text", "url"}: what is missing
    blockers: list[str] = field(default_factory=list)  # why it does not fit
    notes: list[str] = field(default_factory=list)  # what to check or know (fits too)


def _label(choices, code: str) -> str:
    return str(dict(choices).get(code, code))


def _labels(choices, codes) -> str:
    return ", ".join(_label(choices, code) for code in codes)


@dataclass(frozen=True)
class ChoiceRule:
    """A rule over one answer: the scheme's allowed values (empty: anything) and excluded
    values of one field, with what to say when the answer fits, is blocked, or is unknown."""

    allowed: str  # the scheme's field with the allowed codes
    answer: str  # the Answers field
    choices: list[tuple[str, Any]]
    fits: Any
    blocked: Any
    only: Any
    unknown: Any
    excluded: str | None = None  # the scheme's field with the excluded codes, if it has one

    def apply(self, result: Match, scheme, answers: Answers) -> None:
        allowed = getattr(scheme, self.allowed)
        excluded = getattr(scheme, self.excluded) if self.excluded else []
        answer = getattr(answers, self.answer)
        if not allowed and not excluded:
            return
        if answer is None:
            if allowed:
                values = _labels(self.choices, allowed)
                result.missing.append({"text": self.unknown % {"values": values}, "url": ""})
            return
        value = _label(self.choices, answer)
        if answer in excluded or (allowed and answer not in allowed):
            text = self.blocked % {"value": value}
            if allowed:
                text += " " + self.only % {"values": _labels(self.choices, allowed)}
            result.blockers.append(text)
        elif allowed:
            result.reasons.append(self.fits % {"value": value})


CHOICE_RULES = (
    ChoiceRule(
        allowed="categories",
        excluded="excluded_categories",
        answer="category",
        choices=Category.choices,
        fits=gettext_lazy("Your kind of organisation may apply (%(value)s)."),
        blocked=gettext_lazy("This scheme is not for this kind of organisation (%(value)s)."),
        only=gettext_lazy("Only for: %(values)s."),
        unknown=gettext_lazy("Check that your kind of organisation may apply: %(values)s."),
    ),
    ChoiceRule(
        allowed="levels",
        answer="level",
        choices=Level.choices,
        fits=gettext_lazy("Your organisation's level may apply (%(value)s)."),
        blocked=gettext_lazy("This scheme is not for this level (%(value)s)."),
        only=gettext_lazy("Only for: %(values)s."),
        unknown=gettext_lazy("Check that your level may apply: %(values)s."),
    ),
    ChoiceRule(
        allowed="activity_types",
        answer="activity_type",
        choices=ActivityType.choices,
        fits=gettext_lazy("It funds your kind of activity (%(value)s)."),
        blocked=gettext_lazy("It does not fund this kind of activity (%(value)s)."),
        only=gettext_lazy("It funds: %(values)s."),
        unknown=gettext_lazy("Check that it funds your activity: %(values)s."),
    ),
    ChoiceRule(
        allowed="target_groups",
        answer="target_group",
        choices=TargetGroup.choices,
        fits=gettext_lazy("It is for your target group (%(value)s)."),
        blocked=gettext_lazy("It is not for this target group (%(value)s)."),
        only=gettext_lazy("It is for: %(values)s."),
        unknown=gettext_lazy("Check that it is for your target group: %(values)s."),
    ),
    ChoiceRule(
        allowed="size_bands",
        answer="size_band",
        choices=SizeBand.choices,
        fits=gettext_lazy("Your size fits (%(value)s)."),
        blocked=gettext_lazy("Your size does not fit (%(value)s)."),
        only=gettext_lazy("It is for organisations with: %(values)s."),
        unknown=gettext_lazy("Check your yearly turnover: it is for %(values)s."),
    ),
)


def match(scheme, answers: Answers) -> Match:
    """How well `scheme` fits an organisation with these answers."""
    result = Match(scheme=scheme, verdict=FITS)

    # Registered in the Register of Non-Profit Organisations: fixable, by registering.
    if scheme.requires_voluntary_register:
        if answers.registered:
            result.reasons.append(_("You are in the Register of Non-Profit Organisations."))
        elif answers.registered is False:
            result.missing.append(
                {
                    "text": _(
                        "Register in the Register of Non-Profit Organisations first "
                        "(Frivillighetsregisteret)."
                    ),
                    "url": VOLUNTARY_REGISTER_URL,
                }
            )
        else:
            result.missing.append(
                {
                    "text": _("Check that you are in the Register of Non-Profit Organisations."),
                    "url": VOLUNTARY_REGISTER_URL,
                }
            )

    # A Norwegian organisation number: fixable, by registering in the Central Coordinating Register.
    if scheme.requires_org_number:
        if answers.has_org_number:
            result.reasons.append(_("You have an organisation number."))
        else:
            result.missing.append(
                {
                    "text": _("Get an organisation number first (Brønnøysund Register Centre)."),
                    "url": ORGANIZATION_NUMBER_URL,
                }
            )

    # A Danish CVR number (many Danish schemes pay and sign through it).
    if scheme.requires_cvr:
        if answers.has_cvr:
            result.reasons.append(_("You have a CVR number."))
        else:
            result.missing.append(
                {"text": _("Get a CVR number for the association first."), "url": ""}
            )

    for rule in CHOICE_RULES:
        rule.apply(result, scheme, answers)

    # A municipality's own scheme: for organisations active there.
    if scheme.municipality_id:
        if answers.municipality_id == scheme.municipality_id:
            result.reasons.append(_("It is your municipality's own scheme."))
        elif answers.municipality_id is None:
            result.missing.append(
                {
                    "text": _("Only for organisations active in %(name)s.")
                    % {"name": scheme.municipality},
                    "url": "",
                }
            )
        else:
            result.blockers.append(
                _("Only for organisations active in %(name)s.") % {"name": scheme.municipality}
            )

    # Local branches apply through their central body (e.g. VAT compensation).
    if scheme.branches_apply_centrally and answers.level == Level.BRANCH:
        result.notes.append(
            _("Apply through your central body, by its internal deadline: not directly.")
        )
    if scheme.other_conditions:
        result.notes.append(scheme.other_conditions)
    # Facts we could not confirm: never "fits" on our word alone.
    if not scheme.facts_confirmed:
        result.missing.append(
            {
                "text": _(
                    "We have not confirmed who may apply. Check with the grant manager (%(name)s)."
                )
                % {"name": scheme.administrator_name},
                "url": scheme.official_url,
            }
        )

    if result.blockers:
        result.verdict = DOES_NOT_FIT
    elif result.missing:
        result.verdict = MIGHT_FIT
    return result


def match_all(schemes, answers: Answers) -> dict[str, list[Match]]:
    """Schemes grouped by verdict, each group in the schemes' order."""
    grouped: dict[str, list[Match]] = {FITS: [], MIGHT_FIT: [], DOES_NOT_FIT: []}
    for scheme in schemes:
        found = match(scheme, answers)
        grouped[found.verdict].append(found)
    return grouped
