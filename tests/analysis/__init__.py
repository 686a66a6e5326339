"""Tests of the aggregation: X of Y, coverage, filters, per-station counting."""
