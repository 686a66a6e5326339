"""Tests of the printed summary, the printed submission and the exports."""
