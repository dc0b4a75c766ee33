"""Placeholder: example data sets."""

__all__: list[str] = []
