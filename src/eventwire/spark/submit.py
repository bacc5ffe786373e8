"""The entry script for `spark-submit`: the same job as `eventwire spark`, on a cluster.

    spark-submit --master yarn --deploy-mode client \\
        "$(python -c 'import eventwire.spark.submit as s; print(s.__file__)')" \\
        hdfs:///crawl/CC-NEWS/2024/*.warc.gz --output hdfs:///eventwire/news

The arguments are those of `eventwire spark`; the master and resources come from
spark-submit (an explicit --master here would override them). eventwire must be
installed in the executors' Python (the same version as the driver's).
"""

from __future__ import annotations

import sys

from eventwire.cli import main

if __name__ == "__main__":
    sys.argv = ["eventwire", "spark", *sys.argv[1:]]
    main()
