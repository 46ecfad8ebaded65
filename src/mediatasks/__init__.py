"""mediatasks: one toolkit for the task APIs of Chinese video clouds."""

__version__ = "0.1.0"

__all__ = ["__version__"]
