"""Read stage: Grid → Table → models (headers, layouts, values, text targets, ids, cycle)."""
