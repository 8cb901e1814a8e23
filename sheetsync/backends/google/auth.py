"""Google credentials for the Sheets backend: where they are, which kind, and loading them."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sheetsync.errors import AuthError

SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)
ENV_VAR = "GOOGLE_APPLICATION_CREDENTIALS"
HOW_TO = ("create a service-account key (Google Cloud console → IAM → Service accounts → Keys) "
          "and set google.credentials to its path; see docs/google-sheets.md")


@dataclass(frozen=True)
class CredentialsFile:
    """A credentials file found on disk, and which kind it is."""

    path: Path
    kind: Literal["service_account", "authorized_user"]
    info: dict[str, Any]
    origin: str
    """Where it was named: 'google.credentials', the environment variable, or gspread's default."""

    @property
    def email(self) -> str | None:
        """The service account's email (None for an authorized-user token)."""
        email = self.info.get("client_email")
        return str(email) if self.kind == "service_account" and email else None

    @property
    def who(self) -> str:
        """The identity as people recognise it in an error message."""
        return self.email or f"the Google account signed in with {self.path}"


def default_paths(home: Path) -> tuple[Path, Path]:
    """gspread's default locations: a service-account key, then an authorized-user token."""
    base = home / ".config" / "gspread"
    return base / "service_account.json", base / "authorized_user.json"


def find_credentials(configured: Path | None, environ: Mapping[str, str] | None = None,
                     home: Path | None = None) -> CredentialsFile:
    """The first of: google.credentials, $GOOGLE_APPLICATION_CREDENTIALS, gspread's defaults.

    A path that is named but missing is an error, not a reason to look further: falling back
    silently would sync with an account the person did not choose."""
    environ = os.environ if environ is None else environ
    home = Path.home() if home is None else home
    if configured is not None:
        path = Path(configured).expanduser()
        if not path.is_file():
            raise AuthError(f"google.credentials: {path} does not exist; {HOW_TO}")
        return read_credentials(path, "google.credentials")
    env = environ.get(ENV_VAR, "").strip()
    if env:
        path = Path(env).expanduser()
        if not path.is_file():
            raise AuthError(f"{ENV_VAR}={env}: no such file; point it at a service-account key "
                            "or unset it")
        return read_credentials(path, ENV_VAR)
    sa_path, user_path = default_paths(home)
    if sa_path.is_file():
        return read_credentials(sa_path, "gspread default")
    if user_path.is_file():
        return read_credentials(user_path, "gspread default")
    raise AuthError(
        f"no Google credentials found; looked at google.credentials in the config (not set), "
        f"${ENV_VAR} (not set), {sa_path} and {user_path} (neither exists); {HOW_TO}"
    )


def read_credentials(path: Path, origin: str) -> CredentialsFile:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise AuthError(f"{path}: cannot read credentials: {e}") from None
    except ValueError as e:
        raise AuthError(f"{path}: not a JSON credentials file ({e})") from None
    if not isinstance(info, dict):
        raise AuthError(f"{path}: not a JSON credentials file (expected an object)")
    kind = info.get("type")
    # gspread's own authorized_user.json has no "type", only the refresh token and client.
    if kind == "authorized_user" or (kind is None and "refresh_token" in info):
        return CredentialsFile(path, "authorized_user", info, origin)
    if kind == "service_account":
        return CredentialsFile(path, "service_account", info, origin)
    raise AuthError(
        f"{path}: credentials of type {kind!r} are not supported; use a service-account key "
        "(type service_account) or an authorized-user token file (type authorized_user)"
    )


def load_credentials(found: CredentialsFile) -> Any:
    """google-auth credentials for a found file (not yet refreshed: that needs the network)."""
    if found.kind == "service_account":
        from google.oauth2 import service_account

        try:
            return service_account.Credentials.from_service_account_info(  # type: ignore[no-untyped-call]
                found.info, scopes=list(SCOPES)
            )
        except (ValueError, KeyError, TypeError) as e:
            raise AuthError(f"{found.path}: not a valid service-account key ({e}); "
                            "download a new JSON key for the service account") from None
    from google.oauth2 import credentials as user_credentials

    try:
        return user_credentials.Credentials.from_authorized_user_info(  # type: ignore[no-untyped-call]
            found.info)
    except (ValueError, KeyError, TypeError) as e:
        raise AuthError(f"{found.path}: not a valid authorized-user token file ({e}); "
                        "sign in again to recreate it") from None


_SHARED: dict[tuple[str, int], Any] = {}


def shared_credentials(found: CredentialsFile) -> Any:
    """One google-auth credentials object per credentials file (and version of it) in a
    process: every Google source of a run then shares one access token instead of each fetching
    its own; google-auth refreshes it when it expires."""
    try:
        key = (str(found.path.resolve()), found.path.stat().st_mtime_ns)
    except OSError:
        return load_credentials(found)
    if key not in _SHARED:
        _SHARED[key] = load_credentials(found)
    return _SHARED[key]


def forget_shared_credentials() -> None:
    """Drop the shared credentials (a test starting afresh, a process switching accounts)."""
    _SHARED.clear()


def refresh_failed_message(found: CredentialsFile, detail: str) -> str:
    """What to do when Google refuses to issue an access token for these credentials."""
    if found.kind == "service_account":
        return (f"Google refused a token for service account {found.email} ({found.path}): "
                f"{detail}. The key may have been deleted or disabled: create a new key for the "
                "service account and point google.credentials at it")
    return (f"the Google sign-in saved in {found.path} is expired or revoked ({detail}): sign in "
            "again with `sheetsync auth login` to replace that file, or use a service-account "
            "key instead")
