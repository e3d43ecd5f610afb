"""thidua: batch processor for Vietnamese emulation blocks (khối thi đua)."""
__version__ = "0.1.0"
