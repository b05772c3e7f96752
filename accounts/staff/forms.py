from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import MunicipalityMembership


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("New role"), choices=MunicipalityMembership.Role.choices)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=MunicipalityMembership.Role.choices)
