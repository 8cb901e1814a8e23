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


def next_steps(directory: Path) -> str:
    """What to do after `init`: sync the starter, look at it, then point sheetsync at your own."""
    here = directory.resolve() == Path.cwd().resolve()
    cd = "" if here else f"  cd {directory}\n"
    return (
        "\nNext steps:\n"
        f"{cd}"
        "  sheetsync sync                  score okrs.xlsx and write its status columns\n"
        "  open okrs.xlsx                  see the 'OKR Summary' tab and the new columns\n"
        "  sheetsync report --html report.html okrs.xlsx   the same as a web page\n"
        "Your own sheet: set `source` in config.toml to your .xlsx path or Google Sheets URL\n"
        "(a table with Objective, Key Result, Target and Current columns is enough), run\n"
        "`sheetsync check` to see how it was read, then `sheetsync sync --dry-run`.\n"
        "Google Sheets setup: docs/google-sheets.md (or `sheetsync auth login`)."
    )
