"""Sheets API emulator: the OAuth token endpoint (JWT-bearer and refresh-token grants)."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"
TOKEN_LIFETIME = 3599
CLOCK_SKEW = 300


class GrantError(Exception):
    """A token request the endpoint refuses; answered as OAuth's {"error", "error_description"}."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


@dataclass
class Issued:
    identity: str
    """The service account's email, or 'user:<client_id>' for a refresh-token grant."""
    expires: float


@dataclass
class TokenIssuer:
    """Issues access tokens and checks the bearer tokens the API endpoints receive."""

    token_url: str = ""
    service_accounts: dict[str, bytes] = field(default_factory=dict)
    """client_email → PEM public key; a registered account's JWT signature is verified."""
    revoked: set[str] = field(default_factory=set)
    """Refresh tokens that are expired or revoked."""
    tokens: dict[str, Issued] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def grant(self, form: dict[str, str]) -> dict[str, Any]:
        kind = form.get("grant_type", "")
        if kind == JWT_GRANT:
            identity, scope = self._check_assertion(form.get("assertion", ""))
        elif kind == "refresh_token":
            refresh = form.get("refresh_token", "")
            if not refresh or not form.get("client_id"):
                raise GrantError("invalid_request", "Missing required parameter: refresh_token")
            if refresh in self.revoked:
                raise GrantError("invalid_grant", "Token has been expired or revoked.")
            identity, scope = f"user:{form['client_id']}", form.get("scope", "")
        elif kind == "authorization_code":
            # The installed-app flow's last step: any code the test's redirect carried is good
            # (the client authenticates with HTTP Basic, so client_id may not be in the form).
            if not form.get("code"):
                raise GrantError("invalid_request", "Missing required parameter: code")
            if form["code"] in self.revoked:
                raise GrantError("invalid_grant", "Malformed auth code.")
            identity = f"user:{form.get('client_id', 'installed-app')}"
            scope = form.get("scope", "")
            refresh = "1//emulated-" + secrets.token_urlsafe(16)
        else:
            raise GrantError("unsupported_grant_type", f"Invalid grant_type: {kind}")
        token = "ya29.emulated-" + secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[token] = Issued(identity, time.time() + TOKEN_LIFETIME)
        out: dict[str, Any] = {"access_token": token, "expires_in": TOKEN_LIFETIME,
                               "token_type": "Bearer"}
        if scope:
            out["scope"] = scope
        if kind == "authorization_code":
            out["refresh_token"] = refresh
        return out

    def identity(self, authorization: str | None) -> str | None:
        """Who a request's `Authorization: Bearer` token was issued to; None if not valid now."""
        if not authorization or not authorization.startswith("Bearer "):
            return None
        with self.lock:
            issued = self.tokens.get(authorization[7:].strip())
        if issued is None or issued.expires < time.time():
            return None
        return issued.identity

    def expire_all(self) -> None:
        with self.lock:
            for issued in self.tokens.values():
                issued.expires = 0

    def _check_assertion(self, assertion: str) -> tuple[str, str]:
        parts = assertion.split(".")
        if len(parts) != 3:
            raise GrantError("invalid_grant", "Invalid JWT: Token must be a short-lived token "
                                              "(60 minutes) and in a reasonable timeframe.")
        try:
            header = json.loads(_b64(parts[0]))
            claims = json.loads(_b64(parts[1]))
        except ValueError:
            raise GrantError("invalid_grant", "Invalid JWT: not base64url JSON.") from None
        if header.get("alg") != "RS256":
            raise GrantError("invalid_grant", "Invalid JWT: only RS256 is accepted.")
        email = str(claims.get("iss", ""))
        if "@" not in email:
            raise GrantError("invalid_grant", "Invalid JWT: iss must be a service account email.")
        if claims.get("aud") not in (GOOGLE_TOKEN_URI, self.token_url):
            raise GrantError("invalid_grant", f"Invalid JWT audience: {claims.get('aud')}")
        now = time.time()
        iat, exp = float(claims.get("iat", 0)), float(claims.get("exp", 0))
        if iat > now + CLOCK_SKEW or exp < now - CLOCK_SKEW or exp - iat > 3600 + CLOCK_SKEW:
            raise GrantError("invalid_grant", "Invalid JWT: Token must be a short-lived token "
                                              "(60 minutes) and in a reasonable timeframe.")
        key = self.service_accounts.get(email)
        if key is not None:
            _verify_rs256(key, f"{parts[0]}.{parts[1]}".encode(), _b64(parts[2]))
        return email, str(claims.get("scope", ""))


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _verify_rs256(public_pem: bytes, message: bytes, signature: bytes) -> None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    key = serialization.load_pem_public_key(public_pem)
    if not isinstance(key, rsa.RSAPublicKey):
        raise GrantError("invalid_grant", "Invalid JWT Signature.")
    try:
        key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise GrantError("invalid_grant", "Invalid JWT Signature.") from None


def make_service_account(token_uri: str, email: str) -> tuple[dict[str, Any], bytes]:
    """A service-account key file's JSON (with a new RSA key) and the matching PEM public key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    project = email.split("@", 1)[1].split(".", 1)[0] if "@" in email else "emulated"
    info = {
        "type": "service_account",
        "project_id": project,
        "private_key_id": secrets.token_hex(20),
        "private_key": private_pem,
        "client_email": email,
        "client_id": str(secrets.randbelow(10**21)),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": token_uri,
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "universe_domain": "googleapis.com",
    }
    return info, public_pem
