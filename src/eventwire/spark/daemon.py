"""Spark's Python daemon with eventwire's modules already imported.

Spark forks a Python worker from this daemon for each concurrent task; a worker forked
from a plain daemon spends seconds importing eventwire (datasketch, spaCy's packages)
before its first row, for each of the job's many small tasks. Importing once here, before
any fork, makes every worker start with them. Set as `spark.python.daemon.module`.
"""

from __future__ import annotations

import pyarrow  # noqa: F401 (extraction answers in Arrow batches)
import pyspark.sql.pandas.serializers  # noqa: F401 (what mapInArrow's workers run)
from pyspark import daemon

import eventwire.spark.exports
import eventwire.spark.merge
import eventwire.spark.worker  # noqa: F401 (imported for the forks)
from eventwire.store.dedupe import _bands

if __name__ == "__main__":
    _bands()  # the LSH's band sizes take a numerical integration to choose; once here
    daemon.manager()
