"""The `sheetsync` command line: click commands (thin), terminal text and log output."""
