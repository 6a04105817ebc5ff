"""Label Studio JSON tasks and labelling config (reader and writer)."""
