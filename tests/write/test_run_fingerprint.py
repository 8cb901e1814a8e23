"""The run key and the recorded fingerprint's text: what makes two runs the same run."""

from __future__ import annotations

import datetime as dt

import pytest

from sheetsync.config import Config
from sheetsync.write import fingerprint as fp

AS_OF = dt.date(2026, 11, 15)


@pytest.mark.parametrize(("other", "as_of", "same"), [
    (Config(), AS_OF, True),
    (Config.model_validate({"scoring": {"cap": 1.0}}), AS_OF, True),
    (Config.model_validate({"scoring": {"cap": 1.2}}), AS_OF, False),
    (Config.model_validate({"output": {"summary_tab": "Scores"}}), AS_OF, False),
    (Config(), AS_OF + dt.timedelta(days=1), False),
], ids=["the same config and as-of give the same key",
        "writing a default out gives the same key",
        "another cap gives another key",
        "another summary tab name gives another key",
        "the next day gives another key"])
def test_the_run_key_follows_the_config_and_the_as_of(other: Config, as_of: dt.date,
                                                       same: bool) -> None:
    assert (fp.run_key(other, as_of) == fp.run_key(Config(), AS_OF)) is same


def test_the_run_key_changes_with_the_version_and_the_schema(monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    key = fp.run_key(Config(), AS_OF)
    monkeypatch.setattr(fp, "FINGERPRINT_SCHEMA", fp.FINGERPRINT_SCHEMA + 1)
    bumped = fp.run_key(Config(), AS_OF)
    monkeypatch.setattr(fp, "__version__", "99.0")
    assert len({key, bumped, fp.run_key(Config(), AS_OF)}) == 3


@pytest.mark.parametrize(("text", "expected"), [
    (f"{fp.FINGERPRINT_SCHEMA}:{'a' * 64}:12", fp.Fingerprint("a" * 64, 12)),
    (f" {fp.FINGERPRINT_SCHEMA}:{'b' * 64}:0 ", fp.Fingerprint("b" * 64, 0)),
    (f"{fp.FINGERPRINT_SCHEMA + 1}:{'a' * 64}:0", None),
    (f"{fp.FINGERPRINT_SCHEMA}:{'a' * 63}:0", None),
    ("edited by hand", None),
    (None, None),
], ids=["a recorded fingerprint reads back", "spaces around it are ignored",
        "another schema's fingerprint is ignored", "a damaged digest is ignored",
        "text a person typed is ignored", "no fingerprint is none"])
def test_a_recorded_fingerprint_is_read_only_when_whole(text: str | None,
                                                       expected: fp.Fingerprint | None) -> None:
    assert fp.Fingerprint.parse(text) == expected
    if expected is not None:
        assert fp.Fingerprint.parse(expected.text()) == expected


def test_a_pending_fingerprint_hashes_the_key_over_the_content() -> None:
    pending = fp.PendingFingerprint("key", warnings=3)
    assert pending.over("content") == fp.Fingerprint(fp.combine("key", "content"), 3)
    assert pending.over("content").digest != pending.over("other content").digest
    assert fp.PendingFingerprint("other key").over("content").digest != \
        pending.over("content").digest
