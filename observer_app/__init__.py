"""Observer: election-day checklists for observers, merged and summarised for coordinators."""

__version__ = "0.1.0"
