"""Analyses over the resolved workspace: `network` (groups, key players, roles, disruption, paths)."""
