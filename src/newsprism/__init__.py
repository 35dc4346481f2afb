"""newsprism: compare how news outlets cover the same story, with evidence."""

__version__ = "0.1.0"
