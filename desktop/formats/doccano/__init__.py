"""doccano JSONL and JSONL(relation), UTF-16 offsets (reader and writer)."""
