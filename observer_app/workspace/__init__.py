"""Every use case of the observer and the coordinator, for the window and the command line alike.

The window (`ui`) and the command line (`cli`) are two thin clients of this layer: what one
can do, the other can, with the same messages. It returns plain data (dataclasses), takes a
progress callback for long work, and raises `WorkspaceError` (or a subclass) whose text a
user can read. Nothing here imports Qt; the modules are imported one by one (this package
imports none of them) so that the window's start-up loads only what it needs.
"""
