"""The error a command-line tool raises for a bad argument: one line for the terminal."""

from __future__ import annotations


class CliError(Exception):
    """A bad argument, named the way it was given."""
