"""Test support: a local Google Sheets API emulator and helpers to put workbooks into it.

Names are loaded on first use, so `python -m sheetsync.testing.sheets_emulator` runs the module
without it having been imported already.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sheetsync.testing.seeding import (
        seed_book as seed_book,
    )
    from sheetsync.testing.seeding import (
        seed_xlsx as seed_xlsx,
    )
    from sheetsync.testing.seeding import (
        spec_from_book as spec_from_book,
    )
    from sheetsync.testing.seeding import (
        spec_from_xlsx as spec_from_xlsx,
    )
    from sheetsync.testing.seeding import (
        write_service_account as write_service_account,
    )
    from sheetsync.testing.sheets_emulator import SheetsEmulator as SheetsEmulator
    from sheetsync.testing.sheets_emulator import running_emulator as running_emulator

_EXPORTS = {
    "SheetsEmulator": "sheetsync.testing.sheets_emulator",
    "running_emulator": "sheetsync.testing.sheets_emulator",
    "seed_book": "sheetsync.testing.seeding",
    "seed_xlsx": "sheetsync.testing.seeding",
    "spec_from_book": "sheetsync.testing.seeding",
    "spec_from_xlsx": "sheetsync.testing.seeding",
    "write_service_account": "sheetsync.testing.seeding",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'sheetsync.testing' has no attribute {name!r}")
