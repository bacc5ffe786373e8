"""The output folder: staged per run, committed by renames, recovered after a crash.

A run writes every dataset whole (what was there plus what is new) under
`DIR/_staging/run-N/`, marks it `_READY`, then swaps each dataset into place by renames.
A run that dies before `_READY` left nothing visible and its staging is discarded; one
that dies after it is finished by the next run. Everything goes through Hadoop's file
system API, so DIR may be local, hdfs://, s3a:// or whatever the cluster mounts.
"""

from __future__ import annotations

from typing import Any

STAGING = "_staging"
READY = "_READY"


class OutputDir:
    """DIR, seen through the Hadoop FileSystem of the running Spark."""

    def __init__(self, spark: Any, uri: str) -> None:
        jvm = spark.sparkContext._jvm
        self._Path = jvm.org.apache.hadoop.fs.Path
        self.uri = uri.rstrip("/")
        self.root = self._Path(self.uri)
        self.fs = self.root.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())

    def path(self, *parts: str) -> str:
        return "/".join([self.uri, *parts])

    def exists(self, *parts: str) -> bool:
        return bool(self.fs.exists(self._Path(self.path(*parts))))

    def is_file(self, *parts: str) -> bool:
        return self.exists(*parts) and bool(self.fs.isFile(self._Path(self.path(*parts))))

    def delete(self, *parts: str) -> None:
        self.fs.delete(self._Path(self.path(*parts)), True)

    def _move(self, source: str, target: str) -> None:
        target_path = self._Path(target)
        self.fs.mkdirs(target_path.getParent())
        if not self.fs.rename(self._Path(source), target_path):
            raise OSError(f"could not rename {source} to {target}")

    def write_text(self, text: str, *parts: str) -> None:
        stream = self.fs.create(self._Path(self.path(*parts)), True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()

    def read_text(self, *parts: str) -> str:
        stream = self.fs.open(self._Path(self.path(*parts)))
        try:
            chunks = []
            buffer = bytearray(65536)
            while (count := stream.read(buffer)) > 0:
                chunks.append(bytes(buffer[:count]))
            return b"".join(chunks).decode("utf-8")
        finally:
            stream.close()

    def staged(self, run: int, dataset: str) -> str:
        return self.path(STAGING, f"run-{run}", dataset)

    def recover(self) -> list[str]:
        """Finish a commit a crash interrupted, discard staging nobody committed."""
        notes = []
        if not self.exists(STAGING):
            return notes
        for status in self.fs.listStatus(self._Path(self.path(STAGING))):
            name = status.getPath().getName()
            if self.is_file(STAGING, name, READY):
                datasets = self.read_text(STAGING, name, READY).split()
                self._swap(name, datasets)
                notes.append(f"finished the commit of {name}, interrupted before")
            else:
                notes.append(f"discarded {name}, a run that did not finish")
            self.delete(STAGING, name)
        return notes

    def commit(self, run: int, datasets: list[str]) -> None:
        self.write_text("\n".join(datasets) + "\n", STAGING, f"run-{run}", READY)
        self._swap(f"run-{run}", datasets)
        self.delete(STAGING, f"run-{run}")
        if not self.fs.listStatus(self._Path(self.path(STAGING))):
            self.delete(STAGING)

    def _swap(self, name: str, datasets: list[str]) -> None:
        """Each staged dataset into place; the old one moved aside first. Safe to repeat:
        a dataset no longer in staging has been swapped already."""
        for dataset in datasets:
            if not self.exists(STAGING, name, dataset):
                continue
            if self.exists(dataset):
                self._move(self.path(dataset), self.path(STAGING, name, "_old", dataset))
            self._move(self.path(STAGING, name, dataset), self.path(dataset))
