"""Claimdesk: desktop annotation of attribution in news articles."""

__version__ = "0.1.0"
