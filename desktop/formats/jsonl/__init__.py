"""Native JSONL, the lossless contract (reader, standoff re-hydration, writer)."""
