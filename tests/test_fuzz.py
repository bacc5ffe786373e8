"""Property-based fuzzing of every reader and the clean-up (a short run; the long one is
`benchmarks/fuzz.py --seconds N`): random and mutated bytes of every format, truncated
and corrupt gzip, WARC, feeds, HTML and JSON Lines, deep nesting, huge attributes and gzip
bombs never raise, never hang, and yield only articles and problems."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from tests.fuzz_inputs import Tally, check, inputs

TALLY = Tally()


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(inputs())
def test_readers_survive_any_bytes(data: bytes) -> None:
    before = (len(TALLY.crashes), len(TALLY.hangs))
    check(data, TALLY)
    assert (len(TALLY.crashes), len(TALLY.hangs)) == before, TALLY.crashes[-1:] + TALLY.hangs[-1:]


def test_a_gzip_bomb_is_stopped_at_the_size_limit() -> None:
    from tests.fuzz_inputs import _gzip_bomb

    tally = Tally()
    check(_gzip_bomb(40), tally)
    assert tally.crashes == [] and tally.hangs == []
