"""CoNLL-2003 token tags (writer)."""
