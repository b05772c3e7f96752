from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.countries import normalize_postal_code
from core.personal_data import find_personal_data


def apply_errors(form, error: ValidationError, renamed: dict[str, str] | None = None) -> None:
    """A service's ValidationError as form errors, next to the field it is about.

    `renamed` maps a service's field name to the form's (`{"organization": "owner"}`); an error
    about a field the form does not have goes to the top of the form."""
    renamed = renamed or {}
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            name = renamed.get(field, field)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def clean_postal_code(form, cleaned: dict, municipality) -> None:
    """In `clean()`: the form's `postal_code` as a postcode of the country `municipality` is in
    (spaces removed), or an error next to the field. Left as typed without a municipality."""
    if cleaned.get("postal_code") and municipality is not None:
        try:
            cleaned["postal_code"] = normalize_postal_code(
                cleaned["postal_code"], municipality.country
            )
        except ValidationError as error:
            form.add_error("postal_code", error)


def check_personal_data(form, text: str) -> list[str]:
    """What in `text` looks like a phone number or an e-mail address. Unless the form's
    `confirm_no_personal_data` box is ticked, the form is refused with an error next to the box.
    Call it from `clean()`; the form shows the box, with what was found, only when needed."""
    found = find_personal_data(text)
    if found and not form.cleaned_data.get("confirm_no_personal_data"):
        form.add_error(
            "confirm_no_personal_data",
            _(
                "Remove the phone number or e-mail address, or confirm that it is not "
                "personal data."
            ),
        )
    return found


class PersonalDataCheck:
    """A form mixin for free text others read: the text of `checked_fields` that looks like it
    holds a phone number or an e-mail address is refused until the form's own
    `confirm_no_personal_data` box is ticked (`check_personal_data`). `self.personal_data` holds
    what was found, so the page shows the box, with it, only then."""

    checked_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.personal_data: list[str] = []

    def clean(self):
        cleaned = super().clean()
        text = "\n".join(cleaned.get(name) or "" for name in self.checked_fields)
        self.personal_data = check_personal_data(self, text)
        return cleaned


class NameChoiceIterator(forms.models.ModelChoiceIterator):
    """A model choice field's choices as (id, name) pairs read with one `values_list`, for long
    lists whose label is the object's `name` (organisations): building a model instance per
    option (and prefetching for it) took most of the time of pages that offer ~1,400 of them
    (issue #24). What is chosen is still checked against the queryset and cleaned into an
    instance."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.prefetch_related(None).values_list("pk", "name")
