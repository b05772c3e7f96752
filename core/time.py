"""The time zones the portal lives in. Wall-clock times (a meeting at 18:00, a weekly activity)
are in the municipality's zone; the database stores UTC."""

from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
UTC = ZoneInfo("UTC")

ZONES = {"NO": OSLO, "DK": COPENHAGEN}


def zone_for(country: str) -> ZoneInfo:
    """The zone of a municipality's country code ("NO", "DK"); Norway's when it is unknown."""
    return ZONES.get(country, OSLO)
