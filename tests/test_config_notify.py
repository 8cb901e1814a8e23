"""The digest's config keys: [people], checkin.due_days, [notify], [notify.email]."""

from __future__ import annotations

from pathlib import Path

import pytest

from sheetsync.config import load_config
from sheetsync.errors import ConfigError


def test_the_keys_of_the_issue_load(tmp_path: Path) -> None:
    p = tmp_path / "c.toml"
    p.write_text('''
[people]
"Maya Chen" = "maya@example.com"
[checkin]
due_days = 7
[notify]
team_to = ["lead@example.com"]
record = "sent.json"
[notify.email]
host = "smtp.example.com"
port = 587
starttls = true
sender = "okrs@example.com"
username = "okrs@example.com"
password_env = "SHEETSYNC_SMTP_PASSWORD"
''', encoding="utf-8")
    cfg = load_config(p)
    assert cfg.people == {"Maya Chen": "maya@example.com"}
    assert cfg.notify.email is not None and cfg.notify.email.port == 587
    assert cfg.notify.record == tmp_path / "sent.json"


@pytest.mark.parametrize(("toml", "line"), [
    pytest.param('[notify.email]\nport = 587\nsender = "a@b.c"\n',
                 "notify.email.host: Field required", id="an email section needs a host"),
    pytest.param('[notify.email]\nhost = "h"\nsender = "a@b.c"\npassword = "x"\n',
                 "notify.email.password: unknown key",
                 id="a password in the TOML is refused (it comes from the environment)"),
    pytest.param("[notify]\nslack_webhook = 'https://hooks'\n", "notify.slack_webhook: unknown key",
                 id="a webhook URL in the TOML is refused"),
    pytest.param("[checkin]\ndue_days = 0\n", "checkin.due_days: Input should be greater than "
                 "or equal to 1", id="due_days is at least one day"),
])
def test_bad_notify_config(tmp_path: Path, toml: str, line: str) -> None:
    p = tmp_path / "c.toml"
    p.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_config(p)
    assert str(e.value).startswith(f"{p}: {line}")
