"""A local SparkSession set up for offline use: no downloads, no web UI, working files in one folder."""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

from pyspark.errors import PySparkRuntimeError
from pyspark.sql import SparkSession
from splink.backends.spark import similarity_jar_location

from crossroute.resolve.engines import EngineUnavailableError


def local_session(
    folder: Path, *, master: str = "local[*]", memory: str = "2g", partitions: int = 8
) -> SparkSession:
    """A SparkSession on this machine whose scratch files (shuffle, spills, warehouse) stay in
    `folder`, with Splink's similarity functions (jaro_winkler, damerau_levenshtein...) on its class
    path. `memory` is the driver's heap, which in local mode does all the work; `partitions` the
    number of shuffle partitions (Spark's default of 200 suits a cluster, not a laptop)."""
    folder.mkdir(parents=True, exist_ok=True)
    logging = resources.files("crossroute.resolve.spark") / "log4j2.properties"
    # Without it Spark looks the host name up and warns when it is a loopback address.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    settings = {
        "spark.jars": similarity_jar_location(),
        "spark.driver.memory": memory,
        "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile={logging}",
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.local.dir": str(folder / "local"),
        "spark.sql.warehouse.dir": str(folder / "warehouse"),
        "spark.sql.catalogImplementation": "in-memory",
        "spark.sql.shuffle.partitions": str(partitions),
        "spark.default.parallelism": str(partitions),
        "spark.sql.session.timeZone": "UTC",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.pyspark.python": sys.executable,
        "spark.jars.ivy": str(folder / "ivy"),
    }
    builder = SparkSession.builder.master(master).appName("crossroute")
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except PySparkRuntimeError as error:
        raise EngineUnavailableError(
            f"Spark did not start (it needs Java 17 or later on PATH or in JAVA_HOME): {error}"
        ) from error
    session.sparkContext.setLogLevel("ERROR")
    return session
