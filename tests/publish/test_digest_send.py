"""The digest sent for real: an SMTP server (STARTTLS) and a webhook receiver on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import http.server
import json
import os
import ssl
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rhythm_books import MONDAY, write_rhythm_xlsx

from sheetsync.cli.commands import cli

aiosmtpd = pytest.importorskip("aiosmtpd.controller")
PASSWORD = "s3cret-pw"


def _cert(folder: Path) -> tuple[Path, Path]:
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class Inbox:
    def __init__(self) -> None:
        self.mails: list[EmailMessage] = []
        self.refuse: set[str] = set()
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: Any) -> str:
        if address in self.refuse:
            return "550 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        self.mails.append(msg)
        return "250 Message accepted"


@pytest.fixture
def smtp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    cert, key = _cert(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()

    def auth(server: Any, session: Any, envelope: Any, mechanism: str,
             data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and data.password == PASSWORD.encode()
        if ok:
            inbox.logins.append((data.login, data.password))
        return AuthResult(success=ok)

    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = aiosmtpd.Controller(inbox, hostname="127.0.0.1", port=port,
                                     tls_context=context, require_starttls=True,
                                     authenticator=auth, auth_require_tls=True)
    controller.start()
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    monkeypatch.setenv("SHEETSYNC_SMTP_PASSWORD", PASSWORD)
    try:
        yield inbox, port
    finally:
        controller.stop()


class Hook(http.server.BaseHTTPRequestHandler):
    posts: list[tuple[str, Any]] = []
    fail: dict[str, int] = {}

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        left = self.fail.get(self.path, 0)
        if left:
            self.fail[self.path] = left - 1
            self.send_response(503)
            self.end_headers()
            return
        self.posts.append((self.path, body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok" if self.path.startswith("/slack") else b"1")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[Hook]]:
    Hook.posts, Hook.fail = [], {}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    monkeypatch.setenv("SHEETSYNC_SLACK_WEBHOOK", f"http://127.0.0.1:{port}/slack/T0/B0/XyZsecret")
    monkeypatch.setenv("SHEETSYNC_TEAMS_WEBHOOK", f"http://127.0.0.1:{port}/teams/secret-hook")
    try:
        yield Hook
    finally:
        server.shutdown()
        server.server_close()


def _setup(tmp_path: Path, port: int = 1) -> tuple[Path, Path]:
    book = write_rhythm_xlsx(tmp_path / "team.xlsx")
    cfg = tmp_path / "sheetsync.toml"
    cfg.write_text(f"""
[people]
"Maya Chen" = "maya@example.com"
"Ben Ode" = "ben@example.com"
[notify]
team_to = ["lead@example.com"]
retries = 1
[notify.email]
host = "127.0.0.1"
port = {port}
starttls = true
sender = "okrs@example.com"
username = "okrs@example.com"
""", encoding="utf-8")
    return book, cfg


def _digest(book: Path, cfg: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["digest", str(book), "--config", str(cfg), "--as-of",
                                    MONDAY.isoformat(), *args])


def test_email_one_message_per_owner_with_exactly_their_krs_and_one_team_message(
        tmp_path: Path, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    book, cfg = _setup(tmp_path, port)
    before = (book.read_bytes(), os.stat(book).st_mtime_ns)
    result = _digest(book, cfg, "--to", "email")
    assert result.exit_code == 0, result.output
    by_to = {m["To"]: m for m in inbox.mails}
    assert sorted(by_to) == ["lead@example.com", "maya@example.com"]
    maya = by_to["maya@example.com"]
    text = maya.get_body(("plain",))
    html = maya.get_body(("html",))
    assert text is not None and html is not None
    body = text.get_content().replace("\r\n", "\n")
    assert "O1.2 Cut churn from 5 to 3" in body and "update OKRs!H3" in body
    assert "O1.1" not in body and "O2." not in body  # checked in last week, on pace; not hers
    assert "team.xlsx#%27OKRs%27!H3" in html.get_content()
    team = by_to["lead@example.com"].get_body(("plain",))
    assert team is not None
    team_text = team.get_content().replace("\r\n", "\n")
    assert "Owners with no address:\n  - Ann Lee" in team_text
    assert "check-in 2026-11-13 O1.1 = 30 (Maya Chen): survey two" in team_text
    assert set(inbox.logins) == {(b"okrs@example.com", PASSWORD.encode())}
    assert PASSWORD not in result.output
    assert "email owner:Ann Lee: skipped (no address)" in result.output
    assert (book.read_bytes(), os.stat(book).st_mtime_ns) == before

    again = _digest(book, cfg, "--to", "email")
    assert again.exit_code == 0 and len(inbox.mails) == 2
    assert "email owner:Maya Chen: already sent" in again.output
    (tmp_path / ".sheetsync-sent.json").unlink()
    assert _digest(book, cfg, "--to", "email").exit_code == 0
    assert len(inbox.mails) == 4


def test_a_refused_recipient_is_one_line_and_the_others_still_go(
        tmp_path: Path, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    inbox.refuse.add("maya@example.com")
    book, cfg = _setup(tmp_path, port)
    result = _digest(book, cfg, "--to", "email")
    assert result.exit_code == 1
    assert [m["To"] for m in inbox.mails] == ["lead@example.com"]
    errors = [line for line in result.output.splitlines() if "not sent:" in line]
    assert errors == ["error: email owner:Maya Chen: not sent: recipient refused "
                      "(maya@example.com: 550)"]
    # only the failed one goes on the re-run
    inbox.refuse.clear()
    assert _digest(book, cfg, "--to", "email").exit_code == 0
    assert [m["To"] for m in inbox.mails] == ["lead@example.com", "maya@example.com"]


def test_a_team_message_refused_by_one_of_its_recipients_counts_as_sent(
        tmp_path: Path, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    inbox.refuse.add("gone@example.com")
    book, cfg = _setup(tmp_path, port)
    cfg.write_text(cfg.read_text().replace('team_to = ["lead@example.com"]',
                                           'team_to = ["lead@example.com", "gone@example.com"]'))
    result = _digest(book, cfg, "--to", "email")
    assert result.exit_code == 0, result.output
    assert ("email team:team: sent → lead@example.com, gone@example.com; refused by "
            "gone@example.com") in result.output.splitlines()
    assert "already sent" in _digest(book, cfg, "--to", "email").output


def _check_slack(payload: dict[str, Any]) -> None:
    """Slack's documented shape: fallback text; header with plain_text ≤ 150; sections with
    mrkdwn text ≤ 3000; at most 50 blocks."""
    assert isinstance(payload["text"], str) and payload["text"]
    blocks = payload["blocks"]
    assert 1 <= len(blocks) <= 50
    assert blocks[0]["type"] == "header"
    assert blocks[0]["text"]["type"] == "plain_text" and len(blocks[0]["text"]["text"]) <= 150
    for b in blocks[1:]:
        assert b["type"] in ("section", "context", "divider")
        if b["type"] == "section":
            assert set(b) == {"type", "text"}
            assert b["text"]["type"] == "mrkdwn" and 0 < len(b["text"]["text"]) <= 3000


def _check_teams(payload: dict[str, Any]) -> None:
    """Teams' documented incoming-webhook shape: a message with one Adaptive Card attachment."""
    assert payload["type"] == "message"
    (att,) = payload["attachments"]
    assert att["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = att["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert card["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json"
    for el in card["body"]:
        assert el["type"] == "TextBlock" and isinstance(el["text"], str)
    for action in card.get("actions", []):
        assert action["type"] == "Action.OpenUrl" and action["url"].startswith("file://")


@pytest.mark.parametrize(("channel", "check"), [
    pytest.param("slack", _check_slack, id="slack gets Block Kit payloads"),
    pytest.param("teams", _check_teams, id="teams gets an Adaptive Card message"),
])
def test_webhooks_receive_documented_shapes_once(tmp_path: Path, hooks: type[Hook],
                                                  channel: str, check: Any) -> None:
    book, cfg = _setup(tmp_path)
    hooks.fail[next(iter([f"/{channel}/T0/B0/XyZsecret" if channel == "slack"
                          else "/teams/secret-hook"]))] = 1
    result = _digest(book, cfg, "--to", channel)
    assert result.exit_code == 0, result.output
    assert len(hooks.posts) == 3  # Ann, Maya, and the team; the 503 was retried
    for _, body in hooks.posts:
        check(body)
    assert "secret" not in result.output
    assert _digest(book, cfg, "--to", channel).exit_code == 0
    assert len(hooks.posts) == 3


def test_a_webhook_that_keeps_failing_is_one_line_without_its_url(
        tmp_path: Path, hooks: type[Hook]) -> None:
    book, cfg = _setup(tmp_path)
    hooks.fail["/slack/T0/B0/XyZsecret"] = 100
    result = _digest(book, cfg, "--to", "slack")
    assert result.exit_code == 1
    assert "error: slack team:team: not sent: webhook: HTTP 503 (gave up after 2 tries)" \
        in result.output.splitlines()
    assert "XyZsecret" not in result.output


def test_dry_run_prints_and_sends_nothing(tmp_path: Path, hooks: type[Hook]) -> None:
    book, cfg = _setup(tmp_path)
    result = _digest(book, cfg, "--to", "slack", "--dry-run")
    assert result.exit_code == 0
    assert "=== owner:Maya Chen → slack" in result.output
    assert hooks.posts == [] and not (tmp_path / ".sheetsync-sent.json").exists()


@pytest.mark.parametrize(("config", "args", "line"), [
    pytest.param(True, ["--to", "slack"], "error: --to slack: set the webhook URL in the "
                 "environment variable SHEETSYNC_SLACK_WEBHOOK (never in the config)",
                 id="slack without its environment variable is bad usage"),
    pytest.param(False, ["--to", "email"], "error: --to email: the config has no "
                 "[notify.email] section (host, port, sender; see config.example.toml)",
                 id="email without a notify.email section is bad usage"),
    pytest.param(True, ["--to", "email"], "error: --to email: set the SMTP password in the "
                 "environment variable SHEETSYNC_SMTP_PASSWORD (notify.email.password_env)",
                 id="email with a login and no password in the environment is bad usage"),
])
def test_a_channel_not_set_up_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         config: bool, args: list[str], line: str) -> None:
    from okr_workbooks import one_error_line, sheetsync

    monkeypatch.delenv("SHEETSYNC_SLACK_WEBHOOK", raising=False)
    monkeypatch.delenv("SHEETSYNC_SMTP_PASSWORD", raising=False)
    book, cfg = _setup(tmp_path)
    if not config:
        cfg.write_text("", encoding="utf-8")
    proc = sheetsync("digest", str(book), "--config", str(cfg), *args)
    assert proc.returncode == 2
    assert one_error_line(proc.stderr) == line
