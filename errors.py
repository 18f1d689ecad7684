"""Errors that end as one clear line on stderr (never a traceback without --debug)."""

from __future__ import annotations


class ClaimwatchError(Exception):
    """Base class: ``str(err)`` is the one-line message shown to the user."""


class InputError(ClaimwatchError):
    """A document could not be read: binary, undecodable, empty, too large, unsupported."""


class FetchError(ClaimwatchError):
    """A URL could not be fetched: DNS, TLS, timeout, HTTP status, too large, robots."""


class UsageError(ClaimwatchError):
    """The command line asked for something that does not exist (unknown --lang, kind)."""
