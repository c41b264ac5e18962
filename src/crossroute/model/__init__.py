"""The domain model: record schemata, value types and provenance. Imports nothing else of ours."""
