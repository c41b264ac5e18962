"""Ingestion: any agency's file, through a declarative mapping, into records with provenance."""
