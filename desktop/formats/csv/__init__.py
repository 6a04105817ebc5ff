"""CSV/TSV: one document per row (reader); documents, spans, frames... tables (writer)."""
