"""Pure domain layer: codebook, data classes, offsets, validation and errors (no Qt, no SQL)."""
