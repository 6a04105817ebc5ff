"""brat standoff: ``.txt`` + ``.ann`` pairs (reader and writer)."""
