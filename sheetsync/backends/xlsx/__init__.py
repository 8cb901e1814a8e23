"""The .xlsx backend: read the package, patch only the planned parts, save atomically."""
