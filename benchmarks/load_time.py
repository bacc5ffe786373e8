"""How long the built-in lexicon (own files plus the Phoenix dictionaries) and the verb
dictionary take to load in a fresh process, from the compiled cache (built first if absent).

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
print(f"lexicon_load_s={loaded - started:.2f} verbs_load_s={done - loaded:.2f} "
      f"total_s={done - started:.2f} lexicon_phrases={lexicon.size}")
"""


def main() -> None:
    subprocess.run([sys.executable, "-c", PROBE], check=True, capture_output=True)  # warm cache
    for _ in range(3):
        result = subprocess.run([sys.executable, "-c", PROBE], check=True, capture_output=True)
        print(result.stdout.decode().strip())


if __name__ == "__main__":
    main()
