"""attention claims (in progress)."""

__all__: list[str] = []
