"""Score stage: models → Scorecard (scoring, check-ins, status, rollup, lint, history)."""
