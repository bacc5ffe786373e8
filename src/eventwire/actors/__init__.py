"""Stage 3: find who acts in an article and code them (CAMEO/Phoenix actor codes)."""

from eventwire.actors.coder import ActorCoder, load_lexicon
from eventwire.actors.lexicon import Lexicon
from eventwire.actors.records import ActorMention
from eventwire.actors.tabari import load_actors, load_agents

__all__ = ["ActorCoder", "ActorMention", "Lexicon", "load_actors", "load_agents", "load_lexicon"]
