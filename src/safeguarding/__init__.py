"""Safeguarding: joins up what agencies know about people at risk of domestic abuse."""

__version__ = "0.1.0"
