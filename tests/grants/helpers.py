"""What the grant tests share: the scheme form as a coordinator fills it in."""


def municipal_scheme_form(name, *, administrator_name="Drammen kommune", **fields) -> dict:
    """The scheme form filled in for a published scheme in kroner that the municipality runs
    itself; `fields` add to it or change it."""
    return {
        "name": name,
        "administrator": "municipality",
        "administrator_name": administrator_name,
        "status": "published",
        "currency": "NOK",
        **fields,
    }
