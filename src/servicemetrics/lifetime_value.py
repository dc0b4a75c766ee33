"""Placeholder: the lifetime_value module is being written."""

__all__: list[str] = []
