"""factlint: check the figures of a draft against its sources, in French and English."""

__version__ = "0.1.0"
