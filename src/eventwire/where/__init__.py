"""Where: the gazetteer, toponym recognition and resolution, and event places."""

from eventwire.where.event_places import place_events
from eventwire.where.gazetteer import Gazetteer, Place
from eventwire.where.recognise import find_toponyms
from eventwire.where.records import PlaceMention
from eventwire.where.resolve import resolve

__all__ = ["Gazetteer", "Place", "PlaceMention", "find_toponyms", "place_events", "resolve"]
