"""Open Referral HSDS 3.0: the public directory as open data.

Pure functions from model instances to the dicts the API returns (`organizations.api_views`).
Our organisations are HSDS organizations and our activities are HSDS services. Every object has
a stable UUID: the model's `uuid`, or for nested objects a `uuid5` of the parent's UUID and a
name, so that the same data always gives the same ids.

HSDS leaves a field out rather than sending `null` or an empty string (the schemas type most
fields as plain strings, and `email`, `url` and the ids carry formats), so empty values are
dropped.

Times: an HSDS schedule has a fixed UTC offset (`timezone` is a number), while our weekly times
are local Norwegian or Danish time. A weekly 18:00 activity is therefore published as one
schedule per offset period (winter +1, summer +2) of the current and the next calendar year,
each with `valid_from` and `valid_to`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.time import zone_for

if TYPE_CHECKING:
    from accounts.models import Municipality
    from organizations.models import Activity, ActivitySchedule, Organization

HSDS_VERSION = "3.0"
# We publish plain HSDS 3.0, without a profile of our own: the profile is the specification.
PROFILE_URL = "https://github.com/openreferral/specification/tree/3.0"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # index = ActivitySchedule.weekday

# Norwegian counties (fylker) since 1 January 2024, still so in 2026, keyed by the first two
# digits of the municipality number.
NORWEGIAN_COUNTIES = {
    "03": "Oslo",
    "11": "Rogaland",
    "15": "Møre og Romsdal",
    "18": "Nordland",
    "31": "Østfold",
    "32": "Akershus",
    "33": "Buskerud",
    "34": "Innlandet",
    "39": "Vestfold",
    "40": "Telemark",
    "42": "Agder",
    "46": "Vestland",
    "50": "Trøndelag",
    "55": "Troms",
    "56": "Finnmark",
}

# Danish regions (since 2007) by municipality code.
_DANISH_REGION_CODES = {
    "Region Hovedstaden": (
        "101 147 151 153 155 157 159 161 163 165 167 169 173 175 183 185 187 190 "
        "201 210 217 219 223 230 240 250 260 270 400"
    ),
    "Region Sjælland": "253 259 265 269 306 316 320 326 329 330 336 340 350 360 370 376 390",
    "Region Syddanmark": (
        "410 420 430 440 450 461 479 480 482 492 510 530 540 550 561 563 573 575 580 607 621 630"
    ),
    "Region Midtjylland": (
        "615 657 661 665 671 706 707 710 727 730 740 741 746 751 756 760 766 779 791"
    ),
    "Region Nordjylland": "773 787 810 813 820 825 840 846 849 851 860",
}
DANISH_REGIONS = {
    code: region for region, codes in _DANISH_REGION_CODES.items() for code in codes.split()
}

AbsoluteUri = Callable[[str], str]


def stable_id(parent: uuid.UUID, name: str) -> str:
    """A nested object's id: the same parent and name always give the same UUID."""
    return str(uuid.uuid5(parent, name))


def _compact(data: dict[str, Any], *, keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """Leave out what we do not know (None or empty text) unless it is required (`keep`);
    keep empty lists."""
    return {
        key: value
        for key, value in data.items()
        if key in keep or (value is not None and value != "")
    }


def api_root() -> dict[str, str]:
    return {"version": HSDS_VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL}


# -- places -------------------------------------------------------------------------------------


def state_province(municipality: Municipality) -> str:
    """The county for a Norwegian municipality, the region for a Danish one; else its name."""
    number = municipality.number
    if municipality.country == "DK":
        return DANISH_REGIONS.get(number.lstrip("0"), municipality.name)
    return NORWEGIAN_COUNTIES.get(number.zfill(4)[:2], municipality.name)


def _bare_name(name: str) -> str:
    """A municipality's name as a town's: "Drammen kommune" → "drammen"."""
    return name.casefold().strip().removesuffix(" kommune").strip()


def municipality_for_city(city: str, municipalities: Iterable[Municipality]) -> Municipality | None:
    """Which of an organisation's municipalities an address lies in, as well as we can tell.

    The one named like the town; else the first (by name), which is right whenever the
    organisation works in one municipality or one county.
    """
    candidates = sorted(municipalities, key=lambda m: m.name)
    wanted = _bare_name(city)
    for municipality in candidates:
        if _bare_name(municipality.name) in {wanted, wanted + "s"}:
            return municipality
    return candidates[0] if candidates else None


def _address(
    *,
    parent: uuid.UUID,
    kind: str,
    street: str,
    postal_code: str,
    city: str,
    municipality: Municipality | None,
    location_id: str,
) -> dict[str, Any] | None:
    """An HSDS address needs street, town, county, postcode and country: all or nothing."""
    if not (street and postal_code and city and municipality):
        return None
    return {
        "id": stable_id(parent, f"address:{kind}"),
        "location_id": location_id,
        "address_1": street,
        "city": city,
        "state_province": state_province(municipality),
        "postal_code": postal_code,
        "country": municipality.country,
        "address_type": kind,
    }


def organization_locations(organization: Organization) -> list[dict[str, Any]]:
    """The visiting address (physical) and the postal address, each as a location.

    Uses `organization.municipalities.all()`: prefetch it.
    """
    municipalities = list(organization.municipalities.all())
    locations = []
    for kind, street, postal_code, city in (
        (
            "physical",
            organization.visiting_address,
            organization.visiting_postal_code,
            organization.visiting_city,
        ),
        (
            "postal",
            organization.postal_address,
            organization.postal_code,
            organization.postal_city,
        ),
    ):
        location_id = stable_id(organization.uuid, f"location:{kind}")
        address = _address(
            parent=organization.uuid,
            kind=kind,
            street=street,
            postal_code=postal_code,
            city=city,
            municipality=municipality_for_city(city, municipalities),
            location_id=location_id,
        )
        if address is None:
            continue
        locations.append(
            {
                "id": location_id,
                "location_type": kind,
                "organization_id": str(organization.uuid),
                "name": organization.name,
                "addresses": [address],
            }
        )
    return locations


# -- organisations ------------------------------------------------------------------------------


def organization_list_item(organization: Organization, *, absolute: AbsoluteUri) -> dict[str, Any]:
    """The organisation's own fields (schema `organization_list.json`)."""
    # Bokmål's fallbacks reach nynorsk, then Danish: each organisation's own language, no query.
    description = organization.description_in("nb")
    parent_uuid = getattr(organization, "parent_uuid", None)  # selectors.with_public_parent_uuid
    return _compact(
        {
            "id": str(organization.uuid),
            "name": organization.name,
            # Required, even when empty: in the organisation's country's first language (bokmål,
            # Danish), or the closest one written; `description_language` says which.
            "description": description.text,
            "description_language": description.language or None,
            "email": organization.email,
            "website": organization.website,
            # The register's company form; else the kind of actor ("Informal network or
            # group", "Business partner", …): HSDS's free-text legal status.
            "legal_status": organization.organization_form or str(organization.get_kind_display()),
            "parent_organization_id": str(parent_uuid) if parent_uuid else None,
            "logo": absolute(organization.logo.url) if organization.logo else None,
            "uri": absolute(organization.get_absolute_url()),
        },
        keep=("description",),
    )


def organization_identifiers(organization: Organization) -> list[dict[str, Any]]:
    """The public register number: scheme `NO-BRC` (Brønnøysund's Enhetsregisteret) or
    `DK-CVR` (the Danish CVR), as org-id.guide names them, with a readable type."""
    if not organization.org_number:
        return []
    scheme = organization.number_scheme
    return [
        {
            "id": stable_id(organization.uuid, f"identifier:{scheme}:{organization.org_number}"),
            "organization_id": str(organization.uuid),
            "identifier_scheme": scheme,
            "identifier_type": str(organization.get_number_scheme_display()),
            "identifier": organization.org_number,
        }
    ]


def organization_phones(organization: Organization) -> list[dict[str, Any]]:
    if not organization.phone:
        return []
    return [
        {
            "id": stable_id(organization.uuid, "phone"),
            "organization_id": str(organization.uuid),
            "number": organization.phone,
        }
    ]


def organization_full(
    organization: Organization,
    *,
    absolute: AbsoluteUri,
    activities: Iterable[Activity] = (),
) -> dict[str, Any]:
    """A fully nested organisation (schema `organization.json`).

    `activities` are its public activities, given as services with their own fields.
    """
    return organization_list_item(organization, absolute=absolute) | {
        "phones": organization_phones(organization),
        "locations": organization_locations(organization),
        "organization_identifiers": organization_identifiers(organization),
        "services": [
            service_list_item(activity, absolute=absolute, organization=organization, embed=False)
            for activity in activities
        ],
    }


# -- services (our activities) ------------------------------------------------------------------


def _amount(price: Decimal) -> int | float:
    return int(price) if price == price.to_integral_value() else float(price)


def _fees_description(activity: Activity) -> str:
    if activity.is_free or activity.price is None:
        return _("Free of charge.")
    decimals = 0 if activity.price == activity.price.to_integral_value() else 2
    return _("Costs %(amount)s %(currency)s.") % {
        "amount": number_format(activity.price, decimal_pos=decimals),
        "currency": activity.currency,
    }


def _application_process(activity: Activity) -> str:
    if activity.registration_required:
        return _("Registration is needed: contact the organisation before you come.")
    return _("No registration needed: just come.")


def service_list_item(
    activity: Activity,
    *,
    absolute: AbsoluteUri,
    organization: Organization | None = None,
    embed: bool = True,
) -> dict[str, Any]:
    """The activity's own fields (schema `service_list.json`), with its organisation embedded
    unless `embed` is false (inside an organisation).

    Uses `activity.target_groups.all()`: prefetch it.
    """
    organization = organization or activity.organization
    target_groups = ", ".join(str(term.label) for term in activity.target_groups.all())
    # As the organisation's: its own language's text (or the closest), and which language.
    description = activity.description_in("nb")
    title = activity.title_in("nb")
    item = _compact(
        {
            "id": str(activity.uuid),
            "organization_id": str(organization.uuid),
            "name": title.text,
            "name_language": title.language or None,
            "description": description.text,
            "description_language": description.language or None,
            "url": absolute(activity.get_absolute_url()),
            "email": organization.email,
            "status": "active",
            "application_process": _application_process(activity),
            "fees_description": _fees_description(activity),
            "eligibility_description": target_groups,
            "minimum_age": activity.age_from,
            "maximum_age": activity.age_to,
            "last_modified": activity.updated_at.isoformat() if activity.updated_at else None,
        }
    )
    if embed:
        item["organization"] = organization_list_item(organization, absolute=absolute)
    return item


def service_languages(activity: Activity) -> list[dict[str, Any]]:
    """Uses `activity.languages.all()`: prefetch it."""
    return [
        {
            "id": stable_id(activity.uuid, f"language:{term.code}"),
            "service_id": str(activity.uuid),
            "name": str(term.label),
            "code": term.code,
        }
        for term in activity.languages.all()
    ]


def service_cost_options(activity: Activity) -> list[dict[str, Any]]:
    if activity.is_free or activity.price is None:
        return []
    return [
        {
            "id": stable_id(activity.uuid, "cost"),
            "service_id": str(activity.uuid),
            "option": _("Participation"),
            "currency": activity.currency,  # NOK or DKK: the municipality's
            "amount": _amount(activity.price),
            "amount_description": _fees_description(activity),
        }
    ]


@lru_cache(maxsize=256)
def offset_periods(
    first: date, last: date, zone: ZoneInfo, at: time
) -> tuple[tuple[date, date, int | float], ...]:
    """The days from `first` to `last` (inclusive) split where the UTC offset at local time `at`
    changes: ((from, to, offset in hours), ...)."""
    periods: list[tuple[date, date, int | float]] = []
    day = first
    while day <= last:
        offset = datetime.combine(day, at, tzinfo=zone).utcoffset()
        hours = offset.total_seconds() / 3600 if offset is not None else 0
        hours = int(hours) if hours.is_integer() else hours
        if periods and periods[-1][2] == hours:
            periods[-1] = (periods[-1][0], day, hours)
        else:
            periods.append((day, day, hours))
        day += timedelta(days=1)
    return tuple(periods)


def _hhmmss(value: time) -> str:
    return value.strftime("%H:%M:%S")


def service_schedules(activity: Activity, *, today: date) -> list[dict[str, Any]]:
    """Each weekly time as one schedule per UTC-offset period of this year and the next.

    A time with a season is published for the part of those years inside its season, and the
    season's first and last days become the recurrence's `dtstart` and `until`.
    Uses `activity.schedules.all()` and `activity.municipality`: prefetch them.
    """
    zone = zone_for(activity.municipality.country)
    first, last = date(today.year, 1, 1), date(today.year + 1, 12, 31)
    schedules = []
    for row in activity.schedules.all():
        for period_from, period_to, offset in offset_periods(first, last, zone, row.starts_at):
            valid_from = max(period_from, row.season_start or period_from)
            valid_to = min(period_to, row.season_end or period_to)
            if valid_from > valid_to:
                continue
            schedules.append(_schedule(activity, row, valid_from, valid_to, offset))
    return schedules


def _schedule(
    activity: Activity,
    row: ActivitySchedule,
    valid_from: date,
    valid_to: date,
    offset: int | float,
) -> dict[str, Any]:
    # Content, not the row's key, names the schedule: saving an activity recreates its rows.
    name = f"schedule:{row.weekday}:{row.starts_at:%H%M}:{row.ends_at:%H%M}:{valid_from}"
    return _compact(
        {
            "id": stable_id(activity.uuid, name),
            "service_id": str(activity.uuid),
            "valid_from": valid_from.isoformat(),
            "valid_to": valid_to.isoformat(),
            "dtstart": row.season_start.isoformat() if row.season_start else None,
            "until": row.season_end.isoformat() if row.season_end else None,
            "timezone": offset,
            "freq": "WEEKLY",
            "interval": 1,
            "wkst": "MO",
            "byday": BYDAY[row.weekday],
            "opens_at": _hhmmss(row.starts_at),
            "closes_at": _hhmmss(row.ends_at),
            "description": str(row),
        }
    )


def service_at_locations(activity: Activity) -> list[dict[str, Any]]:
    """Where the activity happens: its address (physical) and its online link (virtual).

    Uses `activity.municipality`: select it.
    """
    places = []
    location_id = stable_id(activity.uuid, "location:physical")
    address = _address(
        parent=activity.uuid,
        kind="physical",
        street=activity.address,
        postal_code=activity.postal_code,
        city=activity.city,
        municipality=activity.municipality,
        location_id=location_id,
    )
    if address is not None:
        places.append(
            ("physical", {"id": location_id, "location_type": "physical", "addresses": [address]})
        )
    if activity.online:
        location_id = stable_id(activity.uuid, "location:virtual")
        places.append(
            (
                "virtual",
                _compact(
                    {
                        "id": location_id,
                        "location_type": "virtual",
                        "url": activity.online_url,
                    }
                ),
            )
        )
    return [
        {
            "id": stable_id(activity.uuid, f"service_at_location:{kind}"),
            "service_id": str(activity.uuid),
            "location_id": location["id"],
            "location": location,
        }
        for kind, location in places
    ]


def service_full(activity: Activity, *, absolute: AbsoluteUri, today: date) -> dict[str, Any]:
    """A fully nested service (schema `service.json`): what, who, when, where, in which
    languages and at what cost.

    Select `organization` and `municipality`; prefetch `schedules`, `languages` and
    `target_groups`.
    """
    item = service_list_item(activity, absolute=absolute)
    # The organisation inside a full service may carry its nested records too: its identifiers
    # come from the organisation's own row, so they cost no query.
    item["organization"]["organization_identifiers"] = organization_identifiers(
        activity.organization
    )
    return item | {
        "languages": service_languages(activity),
        "schedules": service_schedules(activity, today=today),
        "cost_options": service_cost_options(activity),
        "service_at_locations": service_at_locations(activity),
    }
