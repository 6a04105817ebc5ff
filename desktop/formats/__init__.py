"""Importers and exporters: one module per format, streaming, with progress and cancel."""
