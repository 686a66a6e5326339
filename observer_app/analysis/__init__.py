"""Aggregation of completed observations: X of Y per concern, coverage, disagreements, incidents.

Pure counting rules (`outcomes`, `tally`) with thin I/O around them (`observations`,
`summary`); the PDF, the exports and the window all read the same `Summary`.
"""

from observer_app.analysis.filters import FilterError, Filters, Unit
from observer_app.analysis.summary import Summary, summarize

__all__ = ["FilterError", "Filters", "Summary", "Unit", "summarize"]
