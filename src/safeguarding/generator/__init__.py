"""Synthetic multi-agency populations with their ground truth (see docs/generator.md)."""

from .population import Summary, generate_population

__all__ = ["Summary", "generate_population"]
