"""Page state in the URL query string: the parameters a page declares, parsed against
their allowlists and written back canonically.

Each page declares its parameters once as :class:`Param` objects (see
``dashboard/components/page_state.py``). ``parse_query`` gives validated initial control
values (and the names of anything ignored); ``encode_query`` writes a state back as a
query string, defaults left out. Imports nothing of ours: the chart registry, the cache
and the pages all validate with the same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class Param:
    """One URL parameter.

    Attributes:
        name: the query-string key.
        default: the value when absent or invalid.
        allowed: the allowed values (or a callable returning them, evaluated per request).
        multi: comma-separated list of allowed values.
        min_items / max_items: bounds on the list length when ``multi``.
        kind: "str", "int" or "float" (cast before the allowlist check).
        unordered: a ``multi`` list whose order means nothing (a set of filters): it
            is put in allowlist order, so ``SAX,CAN`` and ``CAN,SAX`` are one view,
            one address and one cache entry.
    """

    name: str
    default: object
    allowed: Iterable | Callable[[], Iterable] | None = None
    multi: bool = False
    min_items: int = 0
    max_items: int = 50
    kind: str = "str"
    unordered: bool = False

    def _allowed(self) -> set | None:
        if self.allowed is None:
            return None
        values = self.allowed() if callable(self.allowed) else self.allowed
        return set(values)

    def _canonical(self, items: list) -> list:
        if self.allowed is None:
            return sorted(items, key=str)
        values = self.allowed() if callable(self.allowed) else self.allowed
        rank = {v: i for i, v in enumerate(values)}
        return sorted(items, key=lambda v: (rank.get(v, len(rank)), str(v)))

    def _cast(self, raw: str) -> object:
        if self.kind == "int":
            return int(raw)
        if self.kind == "float":
            value = float(raw)
            if value != value or value in (float("inf"), float("-inf")):
                raise ValueError(raw)
            return value
        return raw

    def parse(self, raw: object) -> tuple[object, bool]:
        """(value, ok): the validated value, or the default and False."""
        if not isinstance(raw, str) or len(raw) > 2000:
            return self.default, False
        allowed = self._allowed()
        try:
            if self.multi:
                items = [self._cast(p) for p in raw.split(",") if p != ""]
                if allowed is not None and any(i not in allowed for i in items):
                    return self.default, False
                items = list(dict.fromkeys(items))
                if not self.min_items <= len(items) <= self.max_items:
                    return self.default, False
                if self.unordered:
                    items = self._canonical(items)
                return items, True
            value = self._cast(raw)
        except ValueError:
            return self.default, False
        if allowed is not None and value not in allowed:
            return self.default, False
        return value, True


class Ignored(list):
    """The names of ignored parameters, with the names the page does understand.

    NOTE: a list (pages treat it as one) that also carries ``allowed``, so the notice can
    list what the page understands without echoing what the address said.
    """

    allowed: tuple[str, ...] = ()


def parse_query(
    query: dict[str, object], params: Sequence[Param]
) -> tuple[dict, list[str]]:
    """Validate a page's query parameters.

    Returns:
        (state, ignored): every declared parameter with a valid value (default where the
        URL had none or a bad one), and the names of parameters that were ignored.
    """
    state: dict[str, object] = {}
    ignored = Ignored()
    ignored.allowed = tuple(p.name for p in params)
    declared = {p.name for p in params}
    for param in params:
        if param.name in query:
            value, ok = param.parse(query[param.name])
            if not ok:
                ignored.append(param.name)
            state[param.name] = value
        else:
            state[param.name] = param.default
    ignored.extend(k for k in query if k not in declared)
    return state, ignored


def encode_query(state: dict[str, object], params: Sequence[Param]) -> str:
    """The query string for a state, omitting defaults; '' when everything is default."""
    pairs = []
    for param in params:
        value = state.get(param.name, param.default)
        if value is None or value == param.default:
            continue
        if param.multi:
            value = ",".join(str(v) for v in value)
        pairs.append((param.name, str(value)))
    return "?" + urlencode(pairs, safe=",") if pairs else ""
