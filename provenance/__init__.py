"""provenance: track who said a statement, where it first appeared, and how its wording travelled."""

__version__ = "0.1.0"
