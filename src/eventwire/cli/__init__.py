"""The `eventwire` command line: a thin layer over the Python API."""

from eventwire.cli.app import app, main

__all__ = ["app", "main"]
