"""Placeholder: the reference module is being written."""

__all__: list[str] = []
