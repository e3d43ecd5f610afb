"""Helpers shared by the test suite (LibreOffice harness, ...)."""
