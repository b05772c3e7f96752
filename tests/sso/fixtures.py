"""A real OpenID Connect provider for the tests (node's oidc-provider, tests/sso/provider.mjs):
municipality A's at <url>/a, B's at <url>/b. `sso_provider` starts it once per test session on
a free port of 127.0.0.1 and stops it after; `sso_world` configures A and B to use it."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from accounts.models import MunicipalityMembership
from tests.factories import MunicipalityFactory, UserFactory

SCRIPT = Path(__file__).with_name("provider.mjs")
PASSWORD = "correct horse"  # every user's password at the test provider
CASEWORKERS_A = "a-brobygger-caseworkers"
COORDINATORS_A = "a-brobygger-coordinators"


@dataclass
class Provider:
    url: str

    def issuer(self, tenant: str) -> str:
        return f"{self.url}/{tenant}"

    def change_user(self, tenant: str, login: str, **change) -> dict:
        """What the municipality's IT department does in its directory."""
        response = requests.post(
            f"{self.url}/{tenant}/admin/users/{login}", json=change, timeout=10
        )
        response.raise_for_status()
        return response.json()

    def set_backchannel(self, tenant: str, uri: str) -> None:
        requests.post(
            f"{self.url}/{tenant}/admin/backchannel", json={"uri": uri}, timeout=10
        ).raise_for_status()

    def tokens(self, tenant: str, login: str, nonce: str = "the-nonce") -> dict:
        """A real token response of the tenant's provider for `login` (code flow with PKCE,
        driven by the test itself): for checks of our token validation with genuine tokens."""
        import base64
        import hashlib
        import secrets
        from urllib.parse import parse_qs, urlencode

        verifier = secrets.token_urlsafe(48)
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        redirect_uri = "http://testserver/accounts/sso/test/login/callback/"
        query = urlencode(
            {
                "client_id": f"brobygger-{tenant}",
                "response_type": "code",
                "scope": "openid email profile groups",
                "redirect_uri": redirect_uri,
                "state": "s" * 16,
                "nonce": nonce,
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            }
        )
        back = self.sign_in(f"{self.issuer(tenant)}/auth?{query}", login)
        code = parse_qs(urlsplit(back).query)["code"][0]
        response = requests.post(
            f"{self.issuer(tenant)}/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": verifier,
                "client_id": f"brobygger-{tenant}",
                "client_secret": f"secret-of-municipality-{tenant}",
            },
            timeout=10,
        )
        response.raise_for_status()
        return response.json()

    def sign_in(self, authorize_url: str, login: str, password: str = PASSWORD) -> str:
        """Go from the authorization URL through the provider's sign-in form, as a browser
        would, to the address it sends the browser back to (our callback, or its error)."""
        session = requests.Session()
        response = session.get(authorize_url, allow_redirects=False, timeout=10)
        url = authorize_url
        for _ in range(10):
            if response.status_code in (301, 302, 303, 307):
                url = urljoin(url, response.headers["Location"])
                if urlsplit(url).netloc != urlsplit(self.url).netloc:
                    return url
                response = session.get(url, allow_redirects=False, timeout=10)
                continue
            if response.status_code == 200 and 'name="login"' in response.text:
                action = re.search(r'action="([^"]+)"', response.text).group(1)
                url = urljoin(url, action)
                response = session.post(
                    url,
                    data={"login": login, "password": password},
                    allow_redirects=False,
                    timeout=10,
                )
                continue
            return url  # an error page at the provider
        raise AssertionError("too many redirects at the provider")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_provider():
    """Start the provider, yield it, stop it (the body of the `sso_provider` fixture)."""
    node = shutil.which("node")
    assert node, "node is needed for the OpenID Connect provider of the tests"
    port = _free_port()
    process = subprocess.Popen(
        [node, str(SCRIPT), str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=SCRIPT.parents[2],
    )
    try:
        line = process.stdout.readline()
        assert line.strip() == "ready", f"the test provider did not start: {line!r}"
        yield Provider(url=f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class World:
    a: object
    b: object
    config_a: object
    config_b: object
    provider: Provider


def configure(municipality, provider: Provider, tenant: str, **overrides):
    from accounts.sso.services import sso_config_save

    operator = UserFactory(is_staff=True, is_superuser=True)
    values = {
        "issuer": provider.issuer(tenant),
        "client_id": f"brobygger-{tenant}",
        "client_secret": f"secret-of-municipality-{tenant}",
        "domains": [f"{tenant}-kommune.{'no' if tenant == 'a' else 'dk'}"],
        "group_roles": (
            {
                CASEWORKERS_A: MunicipalityMembership.Role.CASEWORKER,
                COORDINATORS_A: MunicipalityMembership.Role.COORDINATOR,
            }
            if tenant == "a"
            else {"b-coordinators": MunicipalityMembership.Role.COORDINATOR}
        ),
        "enabled": True,
        "scopes": "openid email profile groups",
        "strong_amr": ["mfa"],
        **overrides,
    }
    return sso_config_save(municipality=municipality, by=operator, **values)


@pytest.fixture(scope="session")
def sso_provider():
    yield from run_provider()


@pytest.fixture
def sso_world(db, sso_provider):
    a = MunicipalityFactory(name="A kommune", number="3301", slug="a-kommune")
    b = MunicipalityFactory(name="B Kommune", number="0101", slug="b-kommune", country="DK")
    return World(
        a=a,
        b=b,
        config_a=configure(a, sso_provider, "a"),
        config_b=configure(b, sso_provider, "b"),
        provider=sso_provider,
    )


def wait_until(check, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()
