"""Placeholder: the concentration module is being written."""

__all__: list[str] = []
