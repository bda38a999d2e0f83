"""camaudit: find surveillance cameras and recorders, name who really made them, and say what to do."""

__version__ = "0.1.0"
__all__ = ["__version__"]
