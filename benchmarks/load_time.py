"""How long the built-in lexicon (own files plus the Phoenix dictionaries), the verb
dictionary and the learned event coder's model files take to load in a fresh process, from
the compiled cache (built first if absent); and the model files' size.

    python benchmarks/load_time.py
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import time
from eventwire.actors import load_lexicon
from eventwire.events import load_verb_dictionaries
started = time.perf_counter()
lexicon = load_lexicon()
loaded = time.perf_counter()
verbs = load_verb_dictionaries()
done = time.perf_counter()
from eventwire.events.learned.coder import load_models, packaged_models
models_started = time.perf_counter()
load_models()
models_done = time.perf_counter()
size = sum(p.stat().st_size for p in packaged_models().iterdir() if p.is_file())
print(f"lexicon_load_s={loaded - started:.2f} verbs_load_s={done - loaded:.2f} "
      f"total_s={done - started:.2f} lexicon_phrases={lexicon.size} "
      f"event_models_load_s={models_done - models_started:.2f} "
      f"event_models_mb={size / 1e6:.1f}")
"""


def main() -> None:
    subprocess.run([sys.executable, "-c", PROBE], check=True, capture_output=True)  # warm cache
    for _ in range(3):
        result = subprocess.run([sys.executable, "-c", PROBE], check=True, capture_output=True)
        print(result.stdout.decode().strip())


if __name__ == "__main__":
    main()
