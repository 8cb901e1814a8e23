"""Publishing: exports (JSON, CSV, SQLite) and the HTML report, from scorecards."""
