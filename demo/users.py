"""The demo's people: an account with a confirmed e-mail address, made once (seeding twice finds
it again)."""

from allauth.account.models import EmailAddress

from accounts.models import User


def demo_user(full_name: str, email: str, password: str, **fields) -> User:
    """The account with this e-mail address (made with `fields` when there is none yet)."""
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password=password, full_name=full_name, **fields
    )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user
