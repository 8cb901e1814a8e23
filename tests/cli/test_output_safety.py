"""What the CLI prints is safe to print: no key or token content, no raw control characters."""

from __future__ import annotations

import json

import pytest

from sheetsync.cli.output import OUT, os_error_line, redact, shown
from sheetsync.cli.text import printable, render_plan
from sheetsync.write.writeplan import CellChange, WritePlan

PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"
KEY = {"type": "service_account", "private_key_id": "0123456789abcdef0123",
       "private_key": PEM, "client_email": "bot@p.iam.gserviceaccount.com"}


@pytest.mark.parametrize(("text", "expected"), [
    (f"bad key {PEM}", "bad key [private key not shown]\n"),
    ("cut -----BEGIN RSA PRIVATE KEY-----\nMIIEvQIBADAN", "cut [private key not shown]"),
    (json.dumps(KEY), json.dumps({**KEY, "private_key_id": "[not shown]",
                                  "private_key": "[not shown]"})),
    (str({"client_secret": "s3cr3t", "refresh_token": "1//0gAbCdEfGhIjKl"}),
     "{'client_secret': '[not shown]', 'refresh_token': '[not shown]'}"),
    ("Authorization: Bearer ya29.a0AfH6SMB-x_y", "Authorization: Bearer [not shown]"),
    ("token ya29.a0AfH6SMB-x_y expired", "token [access token not shown] expired"),
    ("refresh 1//0gAbCdEfGhIjKlMn failed", "refresh [refresh token not shown] failed"),
    ("POST https://hooks.slack.com/services/T000/B000/XXXXsecret failed",
     "POST https://hooks.slack.com/services/[not shown] failed"),
    ("https://acme.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456 refused",
     "https://acme.webhook.office.com/[not shown] refused"),
    ("smtp://okr-bot:hunter2@mail.example.com:587",
     "smtp://okr-bot:[not shown]@mail.example.com:587"),
    ("OKRs!H14 (Target): 'tbd' is not a number", "OKRs!H14 (Target): 'tbd' is not a number"),
], ids=["a PEM private key is replaced", "a PEM key cut short is replaced too",
        "a key file's secret fields are replaced, the rest stays",
        "secrets in a Python dict's text are replaced", "a bearer token is replaced",
        "a Google access token is replaced", "a Google refresh token is replaced",
        "a Slack webhook's secret path is replaced", "a Teams webhook's secret path is replaced",
        "a password in a URL is replaced", "an ordinary message is left as it is"])
def test_redact_removes_every_secret(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(("text", "newlines", "expected"), [
    ("Grow \x1b[2Jrevenue", False, "Grow \\x1b[2Jrevenue"),
    ("title\x1b]0;pwned\x07", False, "title\\x1b]0;pwned\\x07"),
    ("abc\u202edcba", False, "abc\\u202edcba"),
    ("two\nlines", False, "two\\x0alines"),
    ("two\nlines", True, "two\nlines"),
    ("tab\tkept, é and 🌵 too", False, "tab\tkept, é and 🌵 too"),
    ("\x9bC1 control", False, "\\x9bC1 control"),
], ids=["an escape sequence that clears the screen is shown escaped",
        "a window-title sequence is shown escaped",
        "a right-to-left override is shown escaped",
        "a newline inside a cell is escaped in a table",
        "a newline between message lines stays",
        "tabs and any printable character stay",
        "a C1 control character is escaped"])
def test_cell_text_never_reaches_the_terminal_raw(text: str, newlines: bool,
                                                  expected: str) -> None:
    assert printable(text, newlines=newlines) == expected


def test_a_message_is_both_printable_and_redacted() -> None:
    assert shown(f"\x1b[31m{PEM}") == "\\x1b[31m[private key not shown]\n"


@pytest.mark.parametrize(("error", "expected"), [
    (OSError(36, "File name too long", "/tmp/" + "x" * 300),
     "/tmp/" + "x" * 74 + "… (305 characters): the name is too long for the file system"),
    (OSError(28, "No space left on device", "/mnt/full/report.html"),
     "/mnt/full/report.html: no space left on the device"),
    (PermissionError(13, "Permission denied", "/etc/okrs.json"),
     "/etc/okrs.json: Permission denied"),
], ids=["an over-long name is cut and called too long",
        "a full disk is named as such", "any other failure gives the system's reason"])
def test_an_os_error_is_one_line_naming_the_file(error: OSError, expected: str) -> None:
    assert os_error_line(error) == expected


def test_a_dry_run_prints_a_cell_s_escape_sequence_escaped(
        capsys: pytest.CaptureFixture[str]) -> None:
    plan = WritePlan("okrs.xlsx", [CellChange("OKRs", 2, 8, "\x1b[2Jwiped", "On track")])
    OUT.text(render_plan(plan))
    out = capsys.readouterr().out
    assert out == 'okrs.xlsx: 1 changes\n  OKRs!H2: "\\x1b[2Jwiped" → "On track"\n'
