"""Hugging Face parquet dataset and card (writer)."""
