"""`eventwire serve`: a read-only HTTP API and an offline dashboard over the event store,
with readers' corrections when edits are allowed."""

from eventwire.serve.app import create_app

__all__ = ["create_app"]
