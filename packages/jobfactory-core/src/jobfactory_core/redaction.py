"""Secret redaction: values registered as secret, and parameters whose names look secret.

One process-wide :class:`Redactor` (``REDACTOR``) is shared by logging, the summary line,
events and ``--explain``, so a value registered once is masked everywhere.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any

MASK = "***"

#: Parameter names that hold secrets (matched case-insensitively anywhere in the name); the
#: words of a two-word name may be joined by ``_``, ``-`` or ``.`` (Spark's
#: ``fs.s3a.access.key``, Azure's ``fs.azure.account.key.ACCOUNT``, a header ``X-Api-Key``).
SECRET_NAME = re.compile(
    r"pass(word|wd|phrase)?|pwd|secret|token|credential|auth|signature|cookie|dsn|"
    r"(api|private|access|session|account)[._-]?key|conn(ection)?[._-]?str(ing)?",
    re.IGNORECASE,
)

#: Values shorter than this are masked where they appear as parameter values but are not
#: scrubbed from free text: replacing every "no" or "1" in every log line would make logs
#: unreadable while protecting nothing worth the name.
MIN_SCRUB_LENGTH = 4

#: A stream holds back at most this many characters that may begin a secret (see
#: :meth:`Redactor.redact_partial`): a longer secret split across writes after this many
#: characters is not recognised.
MAX_HELD_PREFIX = 8192


def is_secret_name(name: str) -> bool:
    """Whether a parameter called ``name`` should have its value masked."""
    return SECRET_NAME.search(name) is not None


# Characters that end a URL part in the text around it (JSON and repr quotes included, so
# masking a URL inside a JSON document never eats the closing quote).
_STOP = r"""\s"'<>\\`"""
#: ``scheme://user:password@`` or ``scheme://token@`` (the authority's user information).
_USERINFO = re.compile(
    rf"(?P<head>\b[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^{_STOP}:@/?#]*)"
    rf"(?::(?P<password>[^{_STOP}@/?#]*))?@"
)
#: ``;token=...`` (Spark Connect), ``?api_key=...``, ``&X-Amz-Signature=...``.
_URL_PARAM = re.compile(rf"(?P<sep>[;?&])(?P<name>[A-Za-z0-9_.-]+)=(?P<value>[^{_STOP};&#]*)")


#: URL parameters that hold credentials although their names do not look secret on their own
#: (Google's ``?key=``, an Azure SAS ``&sig=``).
_URL_SECRET_PARAMS = frozenset({"key", "sig", "sas"})


def _is_secret_param(name: str) -> bool:
    return name.lower() in _URL_SECRET_PARAMS or is_secret_name(name)


def _userinfo_mask(match: re.Match[str]) -> str:
    if match.group("password") is not None:
        return f"{match.group('head')}{match.group('user')}:{MASK}@"
    return f"{match.group('head')}{MASK}@"  # a lone user name is often a token


def _param_mask(match: re.Match[str]) -> str:
    if not match.group("value") or not _is_secret_param(match.group("name")):
        return match.group(0)
    return f"{match.group('sep')}{match.group('name')}={MASK}"


def mask_url_credentials(text: str) -> str:
    """``text`` with the credentials inside its URLs replaced by ``***``.

    Masks the password of ``user:password@`` (a lone ``token@`` entirely), and the value of
    ``;name=``/``?name=``/``&name=`` parameters whose names look secret (Spark Connect's
    ``;token=``, ``?api_key=``, ``?key=``, ``&sig=``, a presigned URL's signature). Text
    without ``://`` is returned as it is.
    """
    if "://" not in text:
        return text
    return _URL_PARAM.sub(_param_mask, _USERINFO.sub(_userinfo_mask, text))


def url_credentials(text: str) -> list[str]:
    """The passwords and secret-named parameter values inside the URLs of ``text`` (and their
    percent-decoded spellings), to register them for redaction everywhere."""
    if "://" not in text:
        return []
    from urllib.parse import unquote

    # A lone user name (``admin@``) is masked inside its URL but not registered: it is as
    # often a plain user as a token, and registering "admin" would mask the word everywhere.
    found = [m.group("password") for m in _USERINFO.finditer(text) if m.group("password")]
    found.extend(
        m.group("value")
        for m in _URL_PARAM.finditer(text)
        if m.group("value") and _is_secret_param(m.group("name"))
    )
    return [v for value in found if value for v in {value, unquote(value)}]


class Redactor:
    """Masks registered secret values in text; thread-safe, cheap when nothing is registered."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._names: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        #: last character -> (secret, k): ``secret[:k]`` ends with that character; lets a
        #: stream find a written tail that may be the start of a secret (longest k first).
        self._prefix_ends: dict[str, list[tuple[str, int]]] = {}
        #: Values were registered since the pattern was built: it is rebuilt on next use, once
        #: for any number of registrations (rebuilding per secret was quadratic).
        self._dirty = False
        self._lock = threading.Lock()

    def register(self, value: object) -> None:
        """Register a secret value (and its escaped spellings) for masking everywhere."""
        self.register_all([value if isinstance(value, str) else str(value)])

    def register_all(self, values: Iterable[str]) -> None:
        """Register several secret values at once (one pattern is compiled for all)."""
        variants: set[str] = set()
        for text in values:
            if len(text) >= MIN_SCRUB_LENGTH:
                variants |= {text, json.dumps(text)[1:-1], repr(text)[1:-1]}
        if not variants:
            return
        with self._lock:
            if variants <= self._values:
                return
            self._values |= variants
            self._dirty = True

    def _compiled(self) -> tuple[re.Pattern[str] | None, dict[str, list[tuple[str, int]]]]:
        """The pattern and prefix table for the registered values (built once per change)."""
        if not self._dirty:
            return self._pattern, self._prefix_ends
        with self._lock:
            if self._dirty:
                ordered = sorted(self._values, key=len, reverse=True)
                pattern = re.compile("|".join(re.escape(v) for v in ordered))
                ends: dict[str, list[tuple[str, int]]] = {}
                for secret in self._values:
                    for index in range(min(len(secret) - 1, MAX_HELD_PREFIX)):
                        ends.setdefault(secret[index], []).append((secret, index + 1))
                for candidates in ends.values():
                    candidates.sort(key=lambda item: item[1], reverse=True)
                self._pattern, self._prefix_ends = pattern, ends
                self._dirty = False
            return self._pattern, self._prefix_ends

    def register_url_credentials(self, text: str) -> None:
        """Register the credentials inside the URLs of ``text`` (see :func:`url_credentials`)."""
        for value in url_credentials(text):
            self.register(value)

    def mark_secret_name(self, name: str) -> None:
        """Treat parameter ``name`` as secret whatever it is called (a resolved reference)."""
        self._names.add(name)

    def is_secret(self, name: str) -> bool:
        return name in self._names or is_secret_name(name)

    def clear(self) -> None:
        """Forget every registered value (tests, and a new run in the same process)."""
        with self._lock:
            self._values.clear()
            self._names.clear()
            self._pattern = None
            self._prefix_ends = {}
            self._dirty = False

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and value in self._values

    def redact(self, text: str) -> str:
        """Return ``text`` with every registered secret, and every credential inside a URL
        (:func:`mask_url_credentials`), replaced by ``***``."""
        if not text:
            return text
        text = mask_url_credentials(text)
        pattern = self._compiled()[0]
        if pattern is None:
            return text
        return pattern.sub(MASK, text)

    def holds_secret(self, value: object) -> bool:
        """Whether a number, ``True``/``False`` or ``None`` is spelt with a registered secret
        (a PIN ``2026``, a password ``true``): a redacted copy shows it as the string ``***``,
        so the JSON it is dumped to stays valid, rather than a ``***`` masked into its text."""
        pattern = self._compiled()[0]
        if pattern is None:
            return False
        if value is None or isinstance(value, bool):
            spellings = {None: ("null", "None"), True: ("true", "True"), False: ("false", "False")}
            return any(s in self._values for s in spellings[value])
        if isinstance(value, int | float):
            return pattern.search(repr(value)) is not None
        return False

    def redact_partial(self, text: str) -> tuple[str, str]:
        """Mask ``text`` that a later write may continue: ``(masked, held)``.

        ``held`` is the raw end of ``text`` that could be the beginning of a registered secret
        (at most :data:`MAX_HELD_PREFIX` characters); a stream writes ``masked`` now and puts
        ``held`` in front of its next write, so a secret written in pieces is still masked.
        """
        pattern, ends = self._compiled()
        if pattern is None or not text:
            return self.redact(text), ""
        held = 0
        for secret, k in ends.get(text[-1], ()):
            if k <= len(text) and text.endswith(secret[:k]):
                held = k  # candidates come longest first
                break
        cut = len(text) - held
        if held:  # never cut through a whole secret that straddles the cut
            for match in pattern.finditer(text):
                if match.start() < cut < match.end():
                    cut = match.start()
                    break
        return self.redact(text[:cut]), text[cut:]

    def redact_value(self, name: str, value: Any) -> Any:
        """Mask a parameter value by its name, else scrub registered secrets inside it."""
        return _Walk(self).value(name, value, 0)

    def redact_obj(self, value: Any) -> Any:
        """Scrub secrets from a JSON-like structure (strings inside lists and dicts).

        The copy is bounded whatever the input (see :data:`MAX_DEPTH`, :data:`MAX_VALUES`,
        :data:`MAX_CHARS`): shared references (YAML aliases) are not expanded without limit
        and a cycle ends in a marker instead of a ``RecursionError``.
        """
        return _Walk(self).obj(value, 0)

    def redact_params(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """A copy of ``params`` fit to log: secret-named values masked, secrets scrubbed."""
        walk = _Walk(self)
        return {k: walk.value(k, v, 0) for k, v in params.items()}

    def register_params(self, params: Mapping[str, Any]) -> None:
        """Register the values of secret-named parameters (the entry calls this on raw argv)."""
        for name, value in params.items():
            if isinstance(value, str):
                self.register_url_credentials(value)
            if not is_secret_name(name) or value is None or value == "":
                continue
            if isinstance(value, str):
                if value.startswith("secret://"):
                    continue  # a reference, not a secret: errors must be able to name it
                self.register(value)
            else:  # a configuration's number, list or table under a secret name
                self.register_leaves(value)

    def register_leaves(self, value: object, *, numbers: bool = True) -> None:
        """Register every scalar inside a secret's value, not only the value's own spelling.

        A secret-named ``list[str]`` given as ``a,b`` or JSON, a ``dict`` of credentials or an
        ``int`` PIN reaches the job as separate items: each is masked wherever it is printed.
        Booleans and ``None`` are never registered; ``numbers=False`` skips numbers too (the
        port in a JSON credentials document is not worth masking in every log line).
        """
        found: list[str] = []
        stack = [value]
        while stack and len(found) < MAX_VALUES:
            item = stack.pop()
            if isinstance(item, Mapping):
                stack.extend(item.values())
            elif isinstance(item, list | tuple | set | frozenset):
                stack.extend(item)
            elif item is None or isinstance(item, bool):
                continue
            elif isinstance(item, str):
                found.append(item)
            elif numbers or not isinstance(item, int | float):
                found.append(str(item))
        self.register_all(found)

    def register_json_leaves(self, text: str) -> None:
        """A secret that is a JSON document (credentials): register each string inside it.

        A job that receives the whole document and prints one field of it must not leak that
        field; the document itself is registered by the caller.
        """
        if not text.lstrip().startswith(("{", "[")):
            return
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or nested too deep for json
            return
        self.register_leaves(document, numbers=False)


#: Deepest nesting a redacted copy keeps; deeper containers become a marker.
MAX_DEPTH = 32
#: Most values (containers and scalars) one redacted copy holds; the rest become a marker.
#: Above :data:`jobfactory_core.jsonable.MAX_VALUES` twice over, so a summary's converted result
#: and metrics are never cut here.
MAX_VALUES = 250_000
#: Most string characters one redacted copy holds; further strings become a marker.
MAX_CHARS = 8 * 1024 * 1024
#: Entries of the outermost table still copied once the budget is spent (a summary's
#: ``error`` or ``exit_code`` after a huge ``result``); their containers become markers.
_TOP_LEVEL_GRACE = 64
TOO_DEEP = f"<deeper than {MAX_DEPTH} levels: not shown>"
TOO_MANY = "<too large to show: truncated>"
CYCLE = "<cycle: not shown>"


class _Walk:
    """One bounded redacting copy: counts values and characters, tracks the path for cycles.

    Once the budget is spent, containers and strings below the outermost level become
    :data:`TOO_MANY`; the outermost entries' own scalars are still shown.
    """

    __slots__ = ("chars", "path", "redactor", "values")

    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor
        self.values = 0
        self.chars = 0
        self.path: set[int] = set()

    def spent(self) -> bool:
        return self.values >= MAX_VALUES or self.chars >= MAX_CHARS

    def value(self, name: str, value: Any, depth: int) -> Any:
        # A bool under a secret-like name (``token_set``) is a flag: it cannot hold a secret.
        masked = value != "" if isinstance(value, str) else value is not None
        if masked and type(value) is not bool and self.redactor.is_secret(name):
            self.values += 1
            return MASK
        return self.obj(value, depth)

    def obj(self, value: Any, depth: int) -> Any:
        spent = self.spent()
        self.values += 1
        if isinstance(value, str):
            if spent and depth > 1:
                return TOO_MANY
            self.chars += len(value)
            return self.redactor.redact(value)
        is_mapping = isinstance(value, Mapping)
        if not is_mapping and not isinstance(value, list | tuple | set | frozenset):
            return MASK if self.redactor.holds_secret(value) else value
        if spent:
            return TOO_MANY
        if depth >= MAX_DEPTH:
            return TOO_DEEP
        key = id(value)
        if key in self.path:
            return CYCLE
        self.path.add(key)
        try:
            return self._mapping(value, depth) if is_mapping else self._items(value, depth)
        finally:
            self.path.discard(key)

    def _stop(self, depth: int, extra: int) -> bool:
        """Whether a container at ``depth`` stops copying (``extra`` entries after the budget)."""
        return self.spent() and (depth > 0 or extra >= _TOP_LEVEL_GRACE)

    def _mapping(self, value: Mapping[Any, Any], depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        extra = 0
        for k, v in value.items():
            if self._stop(depth, extra):
                out["..."] = TOO_MANY
                break
            extra += self.spent()
            name = str(k)
            self.chars += len(name)
            # A key can be a secret too (a metric or result keyed by a token): masked like a value.
            out[self.redactor.redact(name)] = self.value(name, v, depth + 1)
        return out

    def _items(self, value: Any, depth: int) -> list[Any]:
        items: list[Any] = []
        extra = 0
        for v in value:
            if self._stop(depth, extra):
                items.append(TOO_MANY)
                break
            extra += self.spent()
            items.append(self.obj(v, depth + 1))
        return items


REDACTOR = Redactor()
