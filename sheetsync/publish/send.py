"""Sending the digest: SMTP (STARTTLS), Slack and Teams webhooks, bounded retries, a sent record."""

from __future__ import annotations

import datetime as dt
import json
import os
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from sheetsync.config import Config
from sheetsync.errors import UsageError
from sheetsync.publish.digest import Message
from sheetsync.publish.digest_formats import to_html, to_slack, to_teams, to_text

CHANNELS = ("stdout", "email", "slack", "teams")
WEBHOOK_ENV = {"slack": "SHEETSYNC_SLACK_WEBHOOK", "teams": "SHEETSYNC_TEAMS_WEBHOOK"}
RECORD_NAME = ".sheetsync-sent.json"
WEBHOOK_TIMEOUT = 15.0
MAX_WAIT = 30.0
"""Longest pause between two tries of one send, whatever Retry-After asks."""


class SendError(Exception):
    """One message could not be sent; the text is safe to print (no URL, no password)."""


class SentRecord:
    """Which messages went out, per as-of, channel and message: a JSON file, written after each
    send, so a re-run (or a run after a crash) sends nothing twice. Deleting it sends again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            self.sent: dict[str, str] = dict(raw.get("sent", {}))
        except FileNotFoundError:
            self.sent = {}
        except (OSError, ValueError, AttributeError) as e:
            raise UsageError(f"{path}: the sent record cannot be read ({e}); fix or delete it "
                             "(deleting it sends this as-of's digest again)") from None

    @staticmethod
    def key(as_of: dt.date, channel: str, msg: Message) -> str:
        return f"{as_of.isoformat()} {channel} {msg.key}"

    def has(self, key: str) -> bool:
        return key in self.sent

    def add(self, key: str) -> None:
        self.sent[key] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({"sent": self.sent}, indent=1, sort_keys=True) + "\n",
                       encoding="utf-8")
        os.replace(tmp, self.path)


def record_path(config: Config, config_path: Path | None, source: str | None) -> Path:
    """notify.record, else beside the config file, else beside a workbook file, else here."""
    if config.notify.record is not None:
        return config.notify.record
    if config_path is not None:
        return config_path.resolve().parent / RECORD_NAME
    if source and Path(source).expanduser().is_file():
        return Path(source).expanduser().resolve().parent / RECORD_NAME
    return Path.cwd() / RECORD_NAME


@dataclass
class Outcome:
    """What happened to one message on one channel: sent, skipped (and why) or failed."""

    channel: str
    key: str
    state: str
    """sent, already sent, skipped or failed"""
    detail: str = ""


@dataclass
class Sender:
    """Sends messages on one channel with bounded retries; `sleep` is swapped out in tests."""

    config: Config
    channel: str
    sleep: Callable[[float], None] = time.sleep
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))

    def check(self) -> None:
        """Fail before sending anything when the channel is not configured (exit 2)."""
        if self.channel == "email":
            email = self.config.notify.email
            if email is None:
                raise UsageError("--to email: the config has no [notify.email] section "
                                 "(host, port, sender; see config.example.toml)")
            if email.username and not self.env.get(email.password_env):
                raise UsageError(f"--to email: set the SMTP password in the environment "
                                 f"variable {email.password_env} (notify.email.password_env)")
        elif self.channel in WEBHOOK_ENV and not self.env.get(WEBHOOK_ENV[self.channel]):
            raise UsageError(f"--to {self.channel}: set the webhook URL in the environment "
                             f"variable {WEBHOOK_ENV[self.channel]} (never in the config)")

    def send(self, msg: Message) -> str:
        """Send MSG (retrying what may pass); returns a note, e.g. recipients that refused it."""
        if self.channel == "email":
            if not msg.to:
                raise SendError("no address")
            return self._retry(lambda: self._email(msg))
        payload = to_slack(msg) if self.channel == "slack" else to_teams(msg)
        return self._retry(lambda: self._post(payload))

    def _retry(self, attempt: Callable[[], str]) -> str:
        tries = self.config.notify.retries + 1
        for n in range(tries):
            try:
                return attempt()
            except _Retryable as e:
                if n == tries - 1:
                    raise SendError(f"{e} (gave up after {tries} tries)") from None
                self.sleep(min(e.wait if e.wait is not None else 0.5 * 2 ** n, MAX_WAIT))
        raise AssertionError("unreachable")  # pragma: no cover

    def _email(self, msg: Message) -> str:
        email = self.config.notify.email
        assert email is not None
        mail = email_message(msg, email.sender)
        try:
            with smtplib.SMTP(email.host, email.port, timeout=email.timeout) as smtp:
                smtp.ehlo()
                if email.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                    smtp.ehlo()
                if email.username:
                    smtp.login(email.username, self.env.get(email.password_env, ""))
                refused = smtp.send_message(mail)
            # Some recipients took it: it counts as sent (a re-run would mail the others twice).
            return "; refused by " + ", ".join(sorted(refused)) if refused else ""
        except smtplib.SMTPAuthenticationError as e:
            raise SendError(f"SMTP login refused ({e.smtp_code})") from None
        except smtplib.SMTPRecipientsRefused as e:
            codes = ", ".join(f"{a}: {c}" for a, (c, _) in e.recipients.items())
            raise SendError(f"recipient refused ({codes})") from None
        except smtplib.SMTPResponseException as e:
            if 400 <= e.smtp_code < 500:
                raise _Retryable(f"SMTP {e.smtp_code}") from None
            raise SendError(f"SMTP {e.smtp_code}") from None
        except ssl.SSLError as e:
            raise SendError(f"STARTTLS failed: {e.reason or e}") from None
        except (OSError, smtplib.SMTPException) as e:
            raise _Retryable(f"SMTP {email.host}:{email.port}: {type(e).__name__}") from None

    def _post(self, payload: dict[str, Any]) -> str:
        import requests

        url = self.env[WEBHOOK_ENV[self.channel]]
        try:
            r = requests.post(url, json=payload, timeout=WEBHOOK_TIMEOUT)
        except requests.RequestException as e:
            # The exception's text holds the URL, a secret: only its kind is shown.
            raise _Retryable(f"webhook: {type(e).__name__}") from None
        if r.status_code == 429 or r.status_code >= 500:
            raise _Retryable(f"webhook: HTTP {r.status_code}", _retry_after(r.headers))
        if r.status_code >= 300:
            raise SendError(f"webhook: HTTP {r.status_code} {r.text[:120].strip()}")
        return ""


class _Retryable(Exception):
    def __init__(self, text: str, wait: float | None = None) -> None:
        super().__init__(text)
        self.wait = wait


def _retry_after(headers: Any) -> float | None:
    try:
        return float(headers.get("Retry-After"))
    except (TypeError, ValueError):
        return None


def email_message(msg: Message, sender: str) -> EmailMessage:
    """The email: plain text and HTML alternatives."""
    mail = EmailMessage()
    mail["Subject"] = msg.subject
    mail["From"] = sender
    mail["To"] = ", ".join(msg.to)
    mail["X-Sheetsync-Digest"] = msg.key
    mail.set_content(to_text(msg))
    mail.add_alternative(to_html(msg), subtype="html")
    return mail


def deliver(messages: list[Message], sender: Sender, record: SentRecord,
            as_of: dt.date) -> list[Outcome]:
    """Send each message not yet in the record; a failed one is an Outcome, the others go on.
    Empty messages (nothing to report) and, by email, messages with no address are skipped."""
    out: list[Outcome] = []
    for msg in messages:
        key = SentRecord.key(as_of, sender.channel, msg)
        if record.has(key):
            out.append(Outcome(sender.channel, msg.key, "already sent"))
            continue
        if sender.channel == "email" and not msg.to:
            out.append(Outcome(sender.channel, msg.key, "skipped", "no address"))
            continue
        try:
            note = sender.send(msg)
        except SendError as e:
            out.append(Outcome(sender.channel, msg.key, "failed", str(e)))
            continue
        record.add(key)
        out.append(Outcome(sender.channel, msg.key, "sent", (", ".join(msg.to) + note)
                           if sender.channel == "email" else ""))
    return out

