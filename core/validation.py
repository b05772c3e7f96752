"""Small checks the services of several apps make."""

from django.core.exceptions import ValidationError


def required_text(value: str, field: str, message) -> str:
    """`value` without surrounding white space, or a ValidationError on `field` when nothing is
    left (a comment, a reason, a name the person must write)."""
    value = value.strip()
    if not value:
        raise ValidationError({field: message})
    return value
