"""Placeholder: the retention module is being written."""

__all__: list[str] = []
