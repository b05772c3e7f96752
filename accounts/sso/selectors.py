"""Reads for single sign-on."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Municipality, SingleSignOnConfig


def sso_configs_for_sign_in(*, include_disabled: bool = False) -> QuerySet[SingleSignOnConfig]:
    configs = SingleSignOnConfig.objects.select_related("municipality").order_by(
        "municipality__name"
    )
    return configs if include_disabled else configs.filter(enabled=True)


def sso_config_by_municipality_id(municipality_id: int) -> SingleSignOnConfig:
    return SingleSignOnConfig.objects.select_related("municipality").get(
        municipality_id=municipality_id
    )


def sso_config_for_email(email: str) -> SingleSignOnConfig | None:
    """The enabled configuration whose e-mail domains include this address's."""
    domain = email.strip().lower().rpartition("@")[2]
    if not domain:
        return None
    # Few rows, and JSON containment differs between PostgreSQL and SQLite: compare here.
    return next((c for c in sso_configs_for_sign_in() if domain in c.domains), None)


def sso_config_of(municipality: Municipality) -> SingleSignOnConfig | None:
    return SingleSignOnConfig.objects.filter(municipality=municipality).first()


def sso_config_by_provider_id(provider_id: str) -> SingleSignOnConfig | None:
    prefix = "municipality-"
    if not provider_id.startswith(prefix) or not provider_id[len(prefix) :].isdigit():
        return None
    return (
        SingleSignOnConfig.objects.select_related("municipality")
        .filter(municipality_id=int(provider_id[len(prefix) :]))
        .first()
    )


def municipality_by_slug(slug: str) -> Municipality | None:
    return Municipality.objects.filter(slug=slug).first()
