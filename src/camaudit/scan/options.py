"""Options that belong to one probe (``--snmp-community``, ``--check-rtsp-auth`` ...).

A probe module declares its :class:`ProbeOption`\\ s next to its code; the CLI turns every declared option
into a command-line flag, and the engine hands the values to the probes as one :class:`ProbeSettings`.
Nothing between the CLI and the probe knows any probe's option by name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

#: An option's value: ``True`` for a flag that was given, the text for an option that takes one.
OptionValue = bool | str


@dataclass(frozen=True, slots=True)
class ProbeOption:
    """One command-line option a probe declares.

    ``name`` is the key probes read from :class:`ProbeSettings`; ``flag`` is how the user spells it.
    A ``secret`` (an SNMP community is a password) is never stored with a scan, never printed.
    """

    name: str
    flag: str
    help: str
    #: ``False``: an on/off flag; ``True``: the option takes a text value.
    takes_value: bool = False
    envvar: str | None = None
    secret: bool = False


class ProbeSettings(Mapping[str, OptionValue]):
    """The probe options the user set, by option name (unset flags and empty values are absent).

    Immutable and hashable, so it can sit in the frozen scan options; its ``repr`` names the options set and
    never their values, because some are secrets.
    """

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, OptionValue | None] | None = None) -> None:
        self._values: dict[str, OptionValue] = {
            name: value for name, value in (values or {}).items() if value is not None and value is not False
            and value != ""
        }

    def __getitem__(self, name: str) -> OptionValue:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __hash__(self) -> int:
        return hash(frozenset(self._values.items()))

    def __repr__(self) -> str:
        return f"ProbeSettings({', '.join(sorted(self._values))})"

    def is_set(self, name: str) -> bool:
        """Whether the user gave this option (a flag, or a value)."""
        return name in self._values

    def text(self, name: str) -> str | None:
        """The value of an option that takes one, or ``None`` when not given."""
        value = self._values.get(name)
        return value if isinstance(value, str) else None
