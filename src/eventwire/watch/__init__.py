"""`watch`: follow news feeds in rounds, ingest new articles, raise alerts on new events."""
