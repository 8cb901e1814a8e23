"""Write stage: Scorecard + Tables → WritePlan (status cells, summary and history tabs, charts)."""
