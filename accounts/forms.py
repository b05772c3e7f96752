from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import MunicipalityMembership, User


def language_choices() -> list[tuple[str, str]]:
    """The portal's languages, first "my municipality's": no choice of one's own (stored as
    ""), so the pages and e-mails follow the municipality's language (accounts.languages)."""
    return [("", _("My municipality's language")), *settings.LANGUAGES]


def clean_language(language: str) -> str:
    if language and language not in dict(settings.LANGUAGES):
        raise forms.ValidationError(_("Choose a language from the list."))
    return language


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["full_name", "email", "password1", "password2"]

    def signup(self, request, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}

    def clean_full_name(self) -> str:
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError(_("Write the name other people should see."))
        return name

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = language_choices()

    def clean_preferred_language(self) -> str:
        return clean_language(self.cleaned_data["preferred_language"])


class StaffRoleForm(forms.Form):
    """A coordinator gives someone who has signed up a role in their municipality."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The address the person signed up with."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=MunicipalityMembership.Role.choices,
        initial=MunicipalityMembership.Role.CASEWORKER,
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        self.staff_user = User.objects.filter(email__iexact=email, is_active=True).first()
        if self.staff_user is None:
            raise forms.ValidationError(
                _(
                    "Nobody has signed up with this address. "
                    "Ask the person to sign up, then try again."
                )
            )
        return email


class MunicipalityBrandingForm(forms.Form):
    """The municipality's accent colour and logo (issue #23); the service checks both."""

    accent_color = forms.CharField(
        label=_("Accent colour"),
        required=False,
        max_length=7,
        help_text=_(
            "Six hexadecimal digits after #, for example #0062BA. It must have a contrast of at "
            "least 4.5:1 against white. Empty: Brobygger's own colours."
        ),
        widget=forms.TextInput(attrs={"placeholder": "#0062BA", "autocomplete": "off"}),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("A PNG or JPEG image of at most 2 MB; it is shown at most 40 pixels high."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
