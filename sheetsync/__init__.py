"""sheetsync: score OKRs kept in spreadsheets and write status back to them."""

from sheetsync.errors import SheetsyncError

__version__ = "0.1.0"

__all__ = ["SheetsyncError", "__version__"]
