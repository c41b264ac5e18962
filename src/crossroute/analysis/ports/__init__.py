"""Ports: container risk targeting (declarations, risk model, reasons, selection)."""
