"""The Google Sheets backend: credentials, bounded retries, codec, batched writes, charts."""
