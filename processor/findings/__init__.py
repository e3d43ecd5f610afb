"""The findings catalogue: every problem found in a submission has a stable code, a name, a
severity, a Vietnamese and an English message template, what the unit should do, and a location.

After frictionless-py's error classes: a :class:`FindingType` is defined once (one module per
concern registers its own: ``core``, ``intake``, ``mail``, ``review``), and :func:`finding` makes
a located instance. Codes never change meaning once released; retire a code rather than reuse it.
"""
from . import core, intake, mail, review  # noqa: F401  (each registers its codes)
from .catalogue import (CATALOGUE, SEVERITIES, Finding, FindingType, define, finding,
                        has_errors)

__all__ = ["CATALOGUE", "SEVERITIES", "Finding", "FindingType", "define", "finding", "has_errors"]
