"""Answers the dashboard asks for first, computed when the server starts (in a thread, so
the server answers meanwhile): on a store of the whole corpus the unfiltered aggregates
take a few hundred milliseconds each, and the first reader should not wait for them."""

from __future__ import annotations

import logging
import threading

from eventwire.serve import routes_events, routes_stats
from eventwire.serve.store_access import Store
from eventwire.store.query import EventFilter

log = logging.getLogger("eventwire.serve")


def warm(store: Store) -> None:
    """Fill the per-filter cache with the dashboard's opening queries (no filter)."""
    everything = EventFilter()
    try:
        routes_stats.summary(store)
        routes_events.list_events(store, everything, 50, 0, "-date", "apply")
        routes_stats.timeline(store, everything, "week", "apply")
        routes_events.events_geojson(store, everything, 20000, "apply")
        for by in ("day", "month"):
            routes_stats.timeline(store, everything, by, "apply")
        routes_stats.dyads(store, everything, 20, "apply")
        routes_stats.actors(store, everything, 20, "apply")
        routes_stats.countries(store, everything, "apply")
    except Exception as error:  # a warm-up never stops the server; requests report errors
        log.warning("warming the cache failed: %s", error)


def start_warming(store: Store) -> threading.Thread:
    thread = threading.Thread(target=warm, args=(store,), name="eventwire-warm", daemon=True)
    thread.start()
    return thread
