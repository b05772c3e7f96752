"""Staff single sign-on: each municipality's own OpenID Connect provider, through allauth.

- `provider.py`: allauth's OpenID Connect provider, subclassed: PKCE always, a nonce, the
  ID token's signature checked always, the iss response parameter checked.
- `tokens.py`: discovery document and signing keys (cached), ID-token and logout-token checks.
- `adapter.py`: builds allauth's apps from `accounts.SingleSignOnConfig`, keeps sign-in to the
  municipality's e-mail domains, syncs roles after sign-in.
- `services.py`: the writes (configuration, role sync, sessions, back-channel logout).
"""
