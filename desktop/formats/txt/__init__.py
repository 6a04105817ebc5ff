"""Plain text and Markdown, one document per file (reader)."""
