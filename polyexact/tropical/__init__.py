"""tropical layer."""
