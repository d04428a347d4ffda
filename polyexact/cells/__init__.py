"""cells layer."""
