from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import language_choices
from notifications.kinds import GROUPS, EmailMode


class NotificationSettingsForm(forms.Form):
    """One choice per group of notifications, the language of the messages, and (with a
    verified mobile number) the kinds that come by SMS as well."""

    preferred_language = forms.ChoiceField(
        label=_("Language of e-mails (and of the site)"), choices=language_choices, required=False
    )

    def __init__(
        self,
        *args,
        email_modes: dict[str, str] | None = None,
        sms_choices: dict[str, str] | None = None,
        sms_kinds: list[str] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        email_modes = email_modes or {}
        for group, label in GROUPS.items():
            self.fields[f"group_{group}"] = forms.ChoiceField(
                label=label,
                choices=EmailMode.choices,
                initial=email_modes.get(group, EmailMode.IMMEDIATE),
            )
        order = [f"group_{group}" for group in GROUPS]
        if sms_choices:
            self.fields["sms_kinds"] = forms.MultipleChoiceField(
                label=_("Also by SMS"),
                choices=list(sms_choices.items()),
                required=False,
                initial=sms_kinds or [],
                widget=forms.CheckboxSelectMultiple,
            )
            order.append("sms_kinds")
        # The language last: the groups are what people come here for.
        self.order_fields([*order, "preferred_language"])

    @property
    def email_modes(self) -> dict[str, str]:
        return {group: self.cleaned_data[f"group_{group}"] for group in GROUPS}

    @property
    def sms_kinds(self) -> list[str] | None:
        """None when SMS was not offered (then the stored choice stays as it is)."""
        return self.cleaned_data["sms_kinds"] if "sms_kinds" in self.fields else None


class MobileNumberForm(forms.Form):
    number = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        help_text=_("A Norwegian or Danish mobile number. We send a code to it by SMS."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class MobileCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}"}
        ),
    )
