"""thidua: batch processor for Vietnamese emulation blocks (khối thi đua).

``from processor import consolidate``: a block's inbox to the Result (see :mod:`processor.api`);
imported on first use, so that the commands start without pandas.
"""
__version__ = "0.1.0"
__all__ = ["consolidate"]


def __getattr__(name: str):
    if name == "consolidate":
        from .api import consolidate
        return consolidate
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
