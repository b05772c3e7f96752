import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import MunicipalityMembership


class SignInWithMunicipalityForm(forms.Form):
    email = forms.EmailField(label=_("Your work e-mail address"), max_length=254)


def _lines(value: str) -> list[str]:
    return [part for line in value.splitlines() for part in line.replace(",", " ").split()]


class SingleSignOnConfigForm(forms.Form):
    enabled = forms.BooleanField(label=_("Staff sign in with this service"), required=False)
    issuer = forms.URLField(
        label=_("Issuer URL"),
        max_length=300,
        assume_scheme="https",
        help_text=_(
            "Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0. "
            "Ansattporten: https://ansattporten.no"
        ),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=200)
    client_secret = forms.CharField(
        label=_("Client secret"),
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted and never shown again. Leave empty to keep the stored one."),
    )
    domains = forms.CharField(
        label=_("E-mail domains"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, e.g. drammen.kommune.no"),
    )
    scopes = forms.CharField(label=_("Scopes"), max_length=200, initial="openid email profile")
    uid_claims = forms.CharField(
        label=_("Claims that identify a person"),
        max_length=100,
        initial="sub",
        help_text=_("Entra ID: tid oid. Ansattporten: sub. Never the e-mail address."),
    )
    group_claim = forms.CharField(label=_("Group claim"), max_length=100, initial="groups")
    group_roles = forms.CharField(
        label=_("Groups and the role each gives"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=lazy(
            lambda: (
                _("One per line: group = role. Roles: %(roles)s")
                % {"roles": ", ".join(MunicipalityMembership.Role.values)}
            ),
            str,
        )(),
    )
    strong_amr = forms.CharField(
        label=_("amr values that count as two-factor"),
        max_length=200,
        required=False,
        help_text=_("E.g. mfa (Entra ID), entraid_mfa (Ansattporten with Entra ID)"),
    )
    strong_acr = forms.CharField(
        label=_("acr values that count as two-factor"),
        max_length=200,
        required=False,
        help_text=_("E.g. substantial high (Ansattporten)"),
    )
    acr_values = forms.CharField(label=_("acr values to ask for"), max_length=100, required=False)
    authorization_details = forms.CharField(
        label=_("Authorization details to ask for (JSON)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            'Ansattporten: a list of objects, e.g. [{"type": "ansattporten:orgno", '
            '"orgno": ["964338531"]}]. Sent as authorization_details at sign-in. '
            "Leave empty for Entra ID."
        ),
    )

    def clean_domains(self):
        return [domain.lower().lstrip("@") for domain in _lines(self.cleaned_data["domains"])]

    def clean_group_roles(self):
        mapping = {}
        for number, line in enumerate(self.cleaned_data["group_roles"].splitlines(), start=1):
            if not line.strip():
                continue
            group, sep, role = line.rpartition("=")
            group, role = group.strip(), role.strip()
            if not sep or not group or role not in MunicipalityMembership.Role.values:
                raise ValidationError(
                    _("Line %(number)s: write group = role, with one of: %(roles)s."),
                    params={
                        "number": number,
                        "roles": ", ".join(MunicipalityMembership.Role.values),
                    },
                )
            mapping[group] = role
        return mapping

    def clean_authorization_details(self):
        text = self.cleaned_data["authorization_details"].strip()
        if not text:
            return []
        try:
            value = json.loads(text)
        except ValueError as error:
            raise ValidationError(
                _("This is not valid JSON (line %(line)s, column %(column)s)."),
                params={"line": error.lineno, "column": error.colno},
            ) from error
        if not isinstance(value, list) or not all(
            isinstance(item, dict) and isinstance(item.get("type"), str) and item["type"]
            for item in value
        ):
            raise ValidationError(
                _('Write a list of objects, each with a "type": [{"type": "…", …}].')
            )
        return value

    def clean_strong_amr(self):
        return _lines(self.cleaned_data["strong_amr"])

    def clean_strong_acr(self):
        return _lines(self.cleaned_data["strong_acr"])

    @classmethod
    def initial_from(cls, config) -> dict:
        if config is None:
            return {}
        return {
            "enabled": config.enabled,
            "issuer": config.issuer,
            "client_id": config.client_id,
            "domains": "\n".join(config.domains),
            "scopes": config.scopes,
            "uid_claims": config.uid_claims,
            "group_claim": config.group_claim,
            "group_roles": "\n".join(f"{g} = {r}" for g, r in config.group_roles.items()),
            "strong_amr": " ".join(config.strong_amr),
            "strong_acr": " ".join(config.strong_acr),
            "acr_values": config.acr_values,
            "authorization_details": (
                json.dumps(config.authorization_details, ensure_ascii=False)
                if config.authorization_details
                else ""
            ),
        }
