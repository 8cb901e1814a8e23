"""`sheetsync auth login`: Google's installed-app OAuth flow; the token goes where gspread looks."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sheetsync.backends.google.auth import SCOPES, default_paths
from sheetsync.errors import AuthError

CLIENT_HOW_TO = (
    "create an OAuth client: Google Cloud console → APIs & Services → Credentials → Create "
    "credentials → OAuth client ID → Desktop app, download its JSON and save it as {path} "
    "(or pass --client-secrets); see docs/google-sheets.md")
SUCCESS = "sheetsync is signed in. You can close this tab and go back to the terminal."


def default_client_secrets(home: Path | None = None) -> Path:
    """Where gspread.oauth() looks for the OAuth client: ~/.config/gspread/credentials.json."""
    return (Path.home() if home is None else home) / ".config" / "gspread" / "credentials.json"


def login(client_secrets: Path, store: Path | None = None, *, open_browser: bool = True,
          port: int = 0, show_url: Callable[[str], None] = print,
          timeout: float | None = 300) -> Path:
    """Sign in with a browser (the redirect comes back to a local port), then save the token as
    an authorized-user file at STORE (default: gspread's ~/.config/gspread/authorized_user.json,
    where sheetsync looks for it too). Returns the path written."""
    from google_auth_oauthlib.flow import InstalledAppFlow

    if not client_secrets.is_file():
        raise AuthError(f"{client_secrets}: no OAuth client file; "
                        + CLIENT_HOW_TO.format(path=client_secrets))

    class Flow(InstalledAppFlow):  # type: ignore[misc]
        def authorization_url(self, **kwargs: Any) -> tuple[str, str]:
            url, state = super().authorization_url(**kwargs)
            show_url(url)
            return str(url), str(state)

    try:
        flow = Flow.from_client_secrets_file(str(client_secrets), scopes=list(SCOPES))
    except (ValueError, KeyError, json.JSONDecodeError) as e:
        raise AuthError(f"{client_secrets}: not an OAuth client file for an installed (Desktop) "
                        f"app ({e}); " + CLIENT_HOW_TO.format(path=client_secrets)) from None
    try:
        creds = flow.run_local_server(host="localhost", port=port, open_browser=open_browser,
                                      authorization_prompt_message=None,
                                      success_message=SUCCESS, timeout_seconds=timeout)
    except Exception as e:  # the flow raises oauthlib's, requests' and its own errors
        raise AuthError(f"Google sign-in did not complete: {e}") from None
    target = store or default_paths(Path.home())[1]
    target.parent.mkdir(parents=True, exist_ok=True)
    # As gspread stores it: the refresh token and the client, not the short-lived access token.
    data = creds.to_json(strip=["token"])
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(data)
    return target
