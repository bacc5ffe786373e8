"""Stage 4 (in progress): event codes. So far: the CAMEO codebook and PLOVER mapping."""

from eventwire.events.codebook import QUAD_CLASSES, CameoCode, Codebook, load_codebook

__all__ = ["QUAD_CLASSES", "CameoCode", "Codebook", "load_codebook"]
