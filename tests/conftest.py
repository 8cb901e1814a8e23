"""Shared fixtures: paths to the shared real-world samples and small workbook builders."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "okr-samples"


@pytest.fixture
def samples_dir() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"real OKR samples not present at {SAMPLES}")
    return SAMPLES
