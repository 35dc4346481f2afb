"""Errors a user can cause. The CLI prints their message as one line, never a traceback."""

from __future__ import annotations


class NewsprismError(Exception):
    """A problem the user can fix; the message says what, where, and what to do."""


class StoreError(NewsprismError):
    """The corpus store cannot be opened or written (corrupt, locked, newer schema)."""


class NotFound(NewsprismError):
    """A story or article id that is not in the store."""
