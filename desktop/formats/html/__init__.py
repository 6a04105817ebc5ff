"""HTML pages saved from news sites, main text via trafilatura (reader)."""
