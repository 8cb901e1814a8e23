"""Where the shared real-world samples are: `shared/okr-samples` beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = (ROOT.parent / "shared" / "okr-samples",)


def samples() -> Path:
    """The okr-samples folder; the test is skipped when it is absent."""
    for folder in CANDIDATES:
        if folder.is_dir():
            return folder
    pytest.skip("real OKR samples not present beside the project")
