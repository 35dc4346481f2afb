"""The Jinja2 environment: autoescaping on for every template, whatever its name, and no
filter that marks data safe. Templates receive view models (newsprism.web.views)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

from newsprism.model import SPEAKER_KINDS
from newsprism.web.security import safe_href
from newsprism.web.textmarkup import KIND_LABELS


def make_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("newsprism.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_href"] = safe_href
    env.filters["kind_label"] = lambda kind: KIND_LABELS.get(kind, kind)
    env.filters["day"] = lambda value: value[:10] if value else ""
    env.globals["SPEAKER_KINDS"] = SPEAKER_KINDS
    env.globals["KIND_LABELS"] = KIND_LABELS
    return env
