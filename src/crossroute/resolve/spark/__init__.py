"""The Spark engine: the same Splink model on Splink's Spark backend, fed and read back as Parquet.

Importing this package loads nothing of Spark; `engine.SparkEngine` does, when it runs."""
