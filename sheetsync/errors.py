"""The one error hierarchy: every expected failure is a SheetsyncError the CLI turns into a line."""

from __future__ import annotations


class SheetsyncError(Exception):
    """An expected failure with a message a person can act on; never shown as a traceback."""

    exit_code = 1


class UsageError(SheetsyncError):
    """Bad command-line usage or a bad argument value."""

    exit_code = 2


class ConfigError(SheetsyncError):
    """The config file is missing, unreadable or invalid."""

    exit_code = 2


class SourceError(SheetsyncError):
    """A workbook or spreadsheet cannot be opened, read or written."""


class LockedError(SourceError):
    """The workbook is in use (another sync, or Excel holding it open)."""


class AuthError(SourceError):
    """Google credentials are missing, invalid, expired or lack access."""


class RemoteError(SourceError):
    """The Google Sheets API failed after the bounded retries."""


class Interrupted(SheetsyncError):
    """A stop signal (SIGTERM, SIGINT) arrived while a workbook was being written."""

    def __init__(self, message: str, signum: int) -> None:
        super().__init__(message)
        self.exit_code = 128 + signum
