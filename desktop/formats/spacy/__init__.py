"""spaCy v3 DocBin (writer)."""
