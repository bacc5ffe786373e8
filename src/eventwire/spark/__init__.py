"""`eventwire spark`: the same pipeline on Apache Spark, from WARC/JSONL/text to Parquet.

pyspark is imported only inside the functions that need it, so eventwire works without it;
`import_parquet` needs only pyarrow.
"""
