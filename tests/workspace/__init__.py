"""Tests of the use cases the window and the command line share."""
