"""claims layer."""
