"""Writes a form as the YAML of `forms/*.yaml`, so an imported form reads like a written one.

Fields left at their default are left out, `id` and `type` lead each item, and texts
stay in their own script (UTF-8, never escaped). The file it gives loads back into the
same form (`load_form_text`).
"""

from __future__ import annotations

from typing import Any

import yaml

from observer_app.formspec.models import Form

_LEADING = ("id", "type", "version", "place")


def _ordered(node: Any) -> Any:
    if isinstance(node, dict):
        keys = [k for k in _LEADING if k in node] + [k for k in node if k not in _LEADING]
        return {key: _ordered(node[key]) for key in keys}
    if isinstance(node, list):
        return [_ordered(item) for item in node]
    return node


def form_to_yaml(form: Form) -> str:
    """The form file's text. PyYAML quotes 'yes' and 'no', as the format asks."""
    data = _ordered(form.model_dump(mode="json", exclude_defaults=True))
    header = "# Format: forms/README.md. Written by observer-app forms import.\n"
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return header + body
