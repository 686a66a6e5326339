"""The coordinator's window: import the observers' files, read the findings, settle conflicts."""

from observer_app.ui.coordinator.window import CoordinatorWindow

__all__ = ["CoordinatorWindow"]
