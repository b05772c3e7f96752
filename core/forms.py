from django.core.exceptions import ValidationError


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
