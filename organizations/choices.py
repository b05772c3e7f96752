"""Fixed vocabularies of the registry. Codes are stored; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core import weekly


class Category(models.TextChoices):
    LARGE = "large", _("Large established organisation")
    FAITH = "faith", _("Faith community")
    MINORITY = "minority", _("Minority or immigrant organisation")
    VOLUNTEER_CENTRE = "volunteer_centre", _("Volunteer centre")
    SPORTS = "sports", _("Sports club")
    OUTDOOR = "outdoor", _("Outdoor-life association")
    SOCIAL_ENTREPRENEUR = "social_entrepreneur", _("Social entrepreneur")
    NETWORK = "network", _("Network group on social media")
    UMBRELLA = "umbrella", _("Umbrella body")
    OTHER = "other", _("Other")


class TargetGroup(models.TextChoices):
    CHILDREN = "children", _("Children")
    YOUTH = "youth", _("Youth")
    ADULTS = "adults", _("Adults")
    WOMEN = "women", _("Women")
    FAMILIES = "families", _("Families")
    SENIORS = "seniors", _("Seniors")
    NEWLY_ARRIVED = "newly_arrived", _("Newly arrived")


class Language(models.TextChoices):
    """Languages an organisation or activity can work in (ISO 639-1/3 codes, as HSDS wants)."""

    NORWEGIAN = "nb", _("Norwegian (bokmål)")
    NYNORSK = "nn", _("Norwegian (nynorsk)")
    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    PERSIAN = "fa", _("Farsi / Dari")
    TIGRINYA = "ti", _("Tigrinya")
    UKRAINIAN = "uk", _("Ukrainian")
    RUSSIAN = "ru", _("Russian")
    SOMALI = "so", _("Somali")
    KURMANJI = "ku", _("Kurdish")
    POLISH = "pl", _("Polish")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    DANISH = "da", _("Danish")
    PASHTO = "ps", _("Pashto")
    URDU = "ur", _("Urdu")


class ActivityType(models.TextChoices):
    LANGUAGE_CAFE = "language_cafe", _("Language café / Norwegian practice")
    REFUGEE_GUIDE = "refugee_guide", _("Refugee guide / befriending")
    CHILDREN_ACTIVITY_GUIDE = "children_activity_guide", _("Activity guide for children")
    SPORTS = "sports", _("Sports")
    OUTDOOR_COURSE = "outdoor_course", _("Outdoor course")
    NETWORK_FAMILY = "network_family", _("Network family")
    HOMEWORK_HELP = "homework_help", _("Homework help")
    WOMENS_GROUP = "womens_group", _("Women's group")
    WORK_PRACTICE = "work_practice", _("Work practice / volunteering as work training")
    INFORMATION_MEETING = "information_meeting", _("Information meeting")
    OTHER = "other", _("Other")


# The weekday and what counts as evening and weekend belong to the weekly slot (core.weekly);
# named here too because the registry's forms, filters and seeding ask for them here.
Weekday = weekly.Weekday
WEEKEND_DAYS = weekly.WEEKEND_DAYS
EVENING_STARTS_HOUR = weekly.EVENING_STARTS_HOUR


# -- kinds of actors (R02–R04) --------------------------------------------------------------------


class ActorKind(models.TextChoices):
    """What kind of actor a profile is. Registered associations and business partners have an
    organisation number; informal networks, single enthusiasts ("ildsjeler") and the immigrant
    council or contact committee need none and are reached through their contact person."""

    ASSOCIATION = "association", _("Registered association or organisation")
    NETWORK = "network", _("Informal network or group")
    ENTHUSIAST = "enthusiast", _("Single enthusiast (not an organisation)")
    BUSINESS = "business", _("Business partner")
    COUNCIL = "council", _("Immigrant council or contact committee")


# The kinds that are not registered and so have no organisation number.
UNREGISTERED_KINDS = frozenset({ActorKind.NETWORK, ActorKind.ENTHUSIAST, ActorKind.COUNCIL})


class Orientation(models.TextChoices):
    MEMBERS = "members", _("Member-oriented: mainly for our own members")
    SOCIETY = "society", _("Society-oriented: for everyone in the community")


# -- offers and needs (R08) -----------------------------------------------------------------------


class Offer(models.TextChoices):
    ROOMS = "rooms", _("Rooms")
    EQUIPMENT = "equipment", _("Equipment")
    LANGUAGE_SKILLS = "language_skills", _("Language skills")
    OTHER = "other", _("Other")


class Need(models.TextChoices):
    VOLUNTEERS = "volunteers", _("Volunteers")
    PREMISES = "premises", _("Premises")
    INTERPRETERS = "interpreters", _("Interpreters")
    OTHER = "other", _("Other")


class ActivityLevel(models.TextChoices):
    """How much one needs to know already (R06)."""

    ALL = "all", _("All levels")
    BEGINNER = "beginner", _("Beginners")
    ADVANCED = "advanced", _("Advanced")


class ChildrenTaking(models.TextChoices):
    """Whether children take part: then volunteers need police certificates (Norway's
    politiattest, Denmark's børneattest), seed 002's "activities with children under 15"."""

    NO = "no", _("No, not aimed at children")
    UNDER_15 = "under_15", _("Yes, children under 15")
    UNDER_18 = "under_18", _("Yes, young people under 18")
