"""Config: defaults, the example file documents every key, unknown keys and bad values fail."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from pydantic import BaseModel

from sheetsync.config import Config, discover_config, load_config
from sheetsync.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "config.example.toml"


def _keys(model: type[BaseModel], prefix: str = "") -> list[str]:
    # Sections that are a list or optional are documented as commented-out tables.
    from sheetsync.config import CompanyConfig, EmailConfig, SourceEntry

    nested: dict[str, type[BaseModel]] = {"sources": SourceEntry, "company": CompanyConfig}
    out = []
    for name, field in model.model_fields.items():
        ann = field.annotation
        if model is Config and name in nested:
            out += _keys(nested[name], f"{prefix}{name}.")
        elif name == "email" and prefix == "notify.":
            out += _keys(EmailConfig, f"{prefix}{name}.")
        elif isinstance(ann, type) and issubclass(ann, BaseModel):
            out += _keys(ann, f"{prefix}{name}.")
        else:
            out.append(f"{prefix}{name}")
    return out


def test_example_config_is_valid_and_equals_the_defaults() -> None:
    assert Config.model_validate(tomllib.loads(EXAMPLE.read_text())) == Config()


@pytest.mark.parametrize("key", _keys(Config))
def test_example_config_documents_every_key(key: str) -> None:
    text = EXAMPLE.read_text()
    *sections, leaf = key.split(".")
    if sections:
        assert re.search(rf"^#? ?\[\[?{re.escape('.'.join(sections))}\]", text, re.M), \
            f"section of {key} missing"
    assert re.search(rf"^#? ?{re.escape(leaf)} =|^\[{re.escape(key)}\]", text, re.M), key


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("[scoring]\ncapp = 1.2\n", "scoring.capp: unknown key"),
        ("[scoring]\ncap = 3\n", "scoring.cap: Input should be less than or equal to 2"),
        ("[status]\nat_risk_gap = 'x'\n", "status.at_risk_gap: Input should be a valid number"),
        ("[cycle]\nstart = 2026-10-01\n", "cycle: give both start and end, or neither"),
        ("[columns]\ntargte = 'Goal'\n", "columns.targte: unknown field"),
        ("teams = 'x'\n", "teams: unknown key"),
        ("[scoring\n", "not valid TOML"),
        ("[cycle]\nstrat = 2026-10-01\nend = 2026-12-31\n",
         "cycle.strat: unknown key; did you mean `cycle.start`?"),
        ("sourse = 'okrs.xlsx'\n", "sourse: unknown key; did you mean `source`?"),
        ("[cycle]\nstart = '1 Oct'\nend = 2026-12-31\n",
         "cycle.start: Input should be a valid date or datetime, input is too short; write a "
         "date as 2026-10-01"),
    ],
    ids=[
        "a misspelt key",
        "a cap above 2",
        "a gap that is text",
        "a cycle with only a start",
        "a column mapping for an unknown field",
        "an unknown top-level key",
        "broken TOML",
        "a misspelt key of a table suggests the key meant",
        "a misspelt top-level key suggests the key meant",
        "a date in another format says what a date looks like",
    ],
)
def test_bad_config_names_the_dotted_key(tmp_path: Path, toml: str, expected: str) -> None:
    p = tmp_path / "sheetsync.toml"
    p.write_text(toml)
    with pytest.raises(ConfigError) as e:
        load_config(p)
    assert expected in str(e.value)
    assert str(p) in str(e.value)
    assert e.value.exit_code == 2


def test_missing_config_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")


def test_credentials_path_is_relative_to_the_config_file(tmp_path: Path) -> None:
    p = tmp_path / "sheetsync.toml"
    p.write_text('[google]\ncredentials = "sa.json"\n')
    assert load_config(p).google.credentials == (tmp_path / "sa.json").resolve()


def test_config_beside_the_workbook_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHEETSYNC_CONFIG", raising=False)
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "config.toml").write_text("")
    assert discover_config(None, "team/okrs.xlsx") == Path("team/config.toml")
    assert discover_config("x.toml", "team/okrs.xlsx") == Path("x.toml")
    assert discover_config(None, "https://docs.google.com/spreadsheets/d/abc") is None


def test_the_config_toml_init_writes_is_found_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHEETSYNC_CONFIG", raising=False)
    assert discover_config(None, None) is None
    (tmp_path / "config.toml").write_text("")
    assert discover_config(None, None) == Path("config.toml")
    (tmp_path / "sheetsync.toml").write_text("")
    assert discover_config(None, None) == Path("sheetsync.toml"), "sheetsync.toml comes first"
