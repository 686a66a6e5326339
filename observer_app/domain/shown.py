"""Text from files shown to people: one line, nothing that a terminal or a table obeys.

A file name, or a name inside a file, is whatever its sender made it. A newline in it
would forge another line of the merge's one-line-per-file output (another "merged" file)
or another row in a table; an ESC sequence would reach the coordinator's terminal and
move its cursor or rewrite what it shows; a right-to-left override would show a name
backwards. Every character that is not printable is shown as its escape instead.
"""

from __future__ import annotations

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """`text` with every unprintable character (controls, format characters such as
    zero-width and direction marks, separators other than the space, lone surrogates
    of a file name that is not UTF-8) written as its escape: `\\n`, `\\x1b`, `\\u202e`."""
    if text.isprintable():
        return text
    return "".join(_escaped(character) for character in text)


def _escaped(character: str) -> str:
    if character.isprintable():
        return character
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"
