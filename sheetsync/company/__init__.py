"""Many sources in one run: team namespaces, the run over every source, the company summary tab."""
