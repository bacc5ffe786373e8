"""Stage 4: who did what to whom: CAMEO and PLOVER codes, modality, quantities."""

from eventwire.events.codebook import QUAD_CLASSES, CameoCode, Codebook, load_codebook
from eventwire.events.coder import EventCoder, load_nouns, load_verb_dictionaries
from eventwire.events.records import ActorRef, Event, Quantity
from eventwire.events.verbs import VerbDictionary, load_verbs

__all__ = [
    "QUAD_CLASSES",
    "ActorRef",
    "CameoCode",
    "Codebook",
    "Event",
    "EventCoder",
    "Quantity",
    "VerbDictionary",
    "load_codebook",
    "load_nouns",
    "load_verb_dictionaries",
    "load_verbs",
]
