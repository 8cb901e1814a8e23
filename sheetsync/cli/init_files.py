"""`sheetsync init`: copy a starter workbook and its config out of the installed package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sheetsync.errors import UsageError

TEMPLATES = ("flat", "grouped")


def install_template(directory: Path, name: str = "flat") -> list[Path]:
    """Write DIRECTORY/okrs.xlsx and DIRECTORY/config.toml; never overwrites an existing file."""
    if name not in TEMPLATES:
        raise UsageError(f"--template: unknown template '{name}'; choose one of: "
                         + ", ".join(TEMPLATES))
    files = resources.files("sheetsync.templates")
    targets = {directory / "okrs.xlsx": files / f"{name}.xlsx",
               directory / "config.toml": files / f"{name}.toml"}
    existing = [str(p) for p in targets if p.exists()]
    if existing:
        raise UsageError(f"{', '.join(existing)} already exists; choose another folder")
    directory.mkdir(parents=True, exist_ok=True)
    for target, src in targets.items():
        target.write_bytes(src.read_bytes())
    return list(targets)
