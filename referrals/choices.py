"""Fixed vocabularies of referrals. Codes are stored; labels are translated.

There is deliberately no vocabulary (and no field) for special-category data: health, ethnic
origin, religion or belief, political opinions, union membership, sex life or orientation,
criminal or social-case information.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SheetLanguage(models.TextChoices):
    """Languages of the information sheet and the consent form."""

    NORWEGIAN = "nb", _("Norwegian bokmål")
    NYNORSK = "nn", _("Norwegian nynorsk")
    ENGLISH = "en", _("English")
    DANISH = "da", _("Danish")
    ARABIC = "ar", _("Arabic")
    PERSIAN = "fa", _("Farsi / Dari")
    TIGRINYA = "ti", _("Tigrinya")
    UKRAINIAN = "uk", _("Ukrainian")
    SOMALI = "so", _("Somali")


RIGHT_TO_LEFT = frozenset({SheetLanguage.ARABIC, SheetLanguage.PERSIAN})


class Interest(models.TextChoices):
    LANGUAGE_PRACTICE = "language_practice", _("Practise Norwegian")
    SOCIAL_CONTACT = "social_contact", _("Meet people / a social network")
    SPORTS = "sports", _("Sports and exercise")
    OUTDOOR = "outdoor", _("Outdoor life")
    CULTURE = "culture", _("Culture, music and arts")
    COOKING = "cooking", _("Cooking and food")
    CHILDREN = "children", _("Activities for the children")
    HOMEWORK = "homework", _("Homework help")
    WORK = "work", _("Work experience and volunteering")
    LOCAL_KNOWLEDGE = "local_knowledge", _("Getting to know the local community")


class Household(models.TextChoices):
    SINGLE = "single", _("Single adult")
    COUPLE = "couple", _("Couple")
    FAMILY = "family", _("Family with children")


class ChildAgeBand(models.TextChoices):
    UNDER_6 = "0-5", _("Under 6")
    AGE_6_12 = "6-12", _("6–12")
    AGE_13_17 = "13-17", _("13–17")


class Offer(models.TextChoices):
    """The purpose a consent names: the kind of offer the person wants."""

    REFUGEE_GUIDE = "refugee_guide", _("A refugee guide")
    NETWORK_FAMILY = "network_family", _("A network family")
    LANGUAGE_CAFE = "language_cafe", _("A language café / Norwegian practice")
    SPORTS = "sports", _("A sports club")
    OUTDOOR = "outdoor", _("Outdoor life")
    CHILDREN_ACTIVITY = "children_activity", _("An activity guide for the children")
    HOMEWORK_HELP = "homework_help", _("Homework help")
    WORK_PRACTICE = "work_practice", _("Work practice")
    OTHER = "other", _("Another volunteer offer")


class SharedField(models.TextChoices):
    """What a consent may let an organisation see. Summary fields are shown before acceptance;
    contact fields only after the organisation has accepted and until contact is made."""

    NAME = "name", _("Name")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    ADDRESS = "address", _("Street address")
    POSTAL_AREA = "postal_area", _("Postal area")
    INTERESTS = "interests", _("Interests")
    LANGUAGES = "languages", _("Preferred languages")
    HOUSEHOLD = "household", _("Household type")
    CHILDREN_AGES = "children_ages", _("Children's ages")
    NOTE = "note", _("The caseworker's note to the organisation")


SUMMARY_FIELDS = frozenset(
    {
        SharedField.POSTAL_AREA,
        SharedField.INTERESTS,
        SharedField.LANGUAGES,
        SharedField.HOUSEHOLD,
        SharedField.CHILDREN_AGES,
        SharedField.NOTE,
    }
)
CONTACT_FIELDS = frozenset(
    {SharedField.NAME, SharedField.PHONE, SharedField.EMAIL, SharedField.ADDRESS}
)


class SignedHow(models.TextChoices):
    PAPER = "paper", _("Signed on paper")
    SCREEN = "screen", _("Confirmed on the caseworker's screen")


class DeclineCategory(models.TextChoices):
    """Why an organisation declined a referral, as the coordinator's start page counts it. The
    categories hold nothing about the person; free text goes in the optional note that only the
    caseworker sees and that is erased with the person's other data."""

    NO_CAPACITY = "no_capacity", _("No volunteer free at the moment")
    OFFER_DOES_NOT_FIT = "offer_does_not_fit", _("Our offer does not fit what the person wants")
    LANGUAGE = "language", _("We cannot offer the person's languages")
    AREA = "area", _("We are not active where the person lives")
    ALREADY_IN_CONTACT = "already_in_contact", _("The person is already in contact with us")
    OTHER = "other", _("Another reason")


class OfferAnswer(models.TextChoices):
    """What the person said when the caseworker presented a volunteer offer (R52)."""

    ACCEPTED = "accepted", _("Yes, the person wants the offer")
    NOT_NOW = "not_now", _("Not now: offer it again later")
    DECLINED = "declined", _("No, the person does not want it")


class SuitabilityCheck(models.TextChoices):
    """The caseworker's check before referring, from the guide (seed 004): volunteers are a
    human supplement, and do not do what is the public services' job and paid work."""

    FITS_NEEDS = (
        "fits_needs",
        _("I have assessed that a volunteer offer fits what this person needs and wants now."),
    )
    NO_CARE_OR_TREATMENT = (
        "no_care_or_treatment",
        _(
            "The person is not expected to get care, nursing or treatment (such as therapy) from "
            "the volunteer."
        ),
    )
    NO_CASE_WORK = (
        "no_case_work",
        _(
            "The volunteer is not expected to do case work or follow up the person's case with "
            "public services."
        ),
    )
    NO_MONEY_LEGAL_OR_HOUSING = (
        "no_money_legal_or_housing",
        _("The volunteer is not expected to handle or advise on money, legal or housing matters."),
    )


class Handover(models.TextChoices):
    """How the contact person passed the contact details on to the matched volunteer."""

    SELF = "self", _("I made the contact myself")
    IN_PERSON = "in_person", _("I gave the details to the volunteer in person or by phone")
