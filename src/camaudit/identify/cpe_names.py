"""A platform's CPE read as the words it stands for: the derived field ``import.cpe_name``.

The search engines and scanners name what they recognised as CPEs (Shodan's ``cpe23``/``cpe``, Censys's
``uniform_resource_identifier``, BinaryEdge's and nmap's ``cpe``: ``import.cpe``). A CPE is a maker's name and a
product's name written in NVD's dictionary form -- lower case, ``_`` for a space, ``:`` between the parts, the firmware
of a device named ``<product>_firmware`` -- so the knowledge that reads "a maker and its model" in a product string
(the lexicon, the model-number grammars, the device words) does not meet it: ``cpe:2.3:h:axis:m3045-v`` holds the
same claim as the product string ``Axis M3045-V``, but ``axis`` alone is an ordinary word and ``m3045-v`` alone a
number several makers could use. This module writes each hardware or operating-system CPE as that string (``axis
m3045-v``), read by the same rules as ``import.product`` (field group ``@text``) and, like every ``import.*`` field,
capped as another scanner's conclusion (identify/resolve.py ``IMPORTED_CAP``).

The layouts (NIST IR 7695, "Common Platform Enumeration: Naming Specification Version 2.3", sections 6.1 and 6.2):
the formatted string ``cpe:2.3:<part>:<vendor>:<product>:<version>:...`` (a literal ``:`` or ``.`` inside a value
escaped with ``\\``) and the URI binding of CPE 2.2 ``cpe:/<part>:<vendor>:<product>:...`` (``%xx`` escapes).
Only parts ``h`` (hardware) and ``o`` (operating system: a device's firmware) are read: an application CPE names
software that runs anywhere (``cpe:/a:hikvision:ivms-4200`` is a maker's client on a PC, not its camera).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import unquote

#: The derived field's name (declared in :mod:`camaudit.fields`, member of the ``@text`` group).
FIELD = "import.cpe_name"
#: The field the CPEs are read from.
SOURCE = "import.cpe"
#: CPEs read of one observation, and characters of one: a scanner lists a handful per service.
MAX_CPES = 16
_MAX_CPE_CHARS = 256
#: Vendor and product of a hardware or OS CPE, in either binding (a value stops at an unescaped ``:``).
_CPE = re.compile(
    r"cpe:(?:2\.3:|/)(?P<part>[hoHO]):(?P<vendor>(?:\\.|[^:\\\s]){1,64}):(?P<product>(?:\\.|[^:\\\s]){1,128})"
)
#: NVD names a device's firmware ``<product>_firmware`` (``ds-2cd2032-i_firmware``): the device is ``<product>``.
_FIRMWARE_TAIL = re.compile(r"[ _]firmware$", re.IGNORECASE)
#: A CPE 2.3 escape (``\.``, ``\:``, ``\-``): the character after the backslash.
_ESCAPE = re.compile(r"\\(.)")
#: Values that stand for "any" or "not applicable" (``*``, ``-``) name nothing.
_NO_VALUE = frozenset({"*", "-", ""})


def _words(value: str) -> str:
    text = unquote(_ESCAPE.sub(r"\1", value))
    return _FIRMWARE_TAIL.sub("", text.replace("_", " ")).strip()


def cpe_name(cpe: str) -> str | None:
    """``"<vendor> <product>"`` of a hardware or OS CPE (``cpe:2.3:h:axis:m3045-v`` -> ``axis m3045-v``), else None."""
    found = _CPE.match(cpe.strip()[:_MAX_CPE_CHARS])
    if found is None:
        return None
    vendor, product = _words(found["vendor"]), _words(found["product"])
    if vendor in _NO_VALUE or product in _NO_VALUE:
        return None
    return f"{vendor} {product}"


def cpe_names(cpes: str) -> list[str]:
    """The names of the hardware and OS CPEs among ``cpes`` (one a line), in order, each once."""
    names: list[str] = []
    for line in cpes.splitlines()[:MAX_CPES]:
        name = cpe_name(line)
        if name is not None and name not in names:
            names.append(name)
    return names


def with_cpe_names(fields: Mapping[str, str]) -> Mapping[str, str]:
    """``fields`` plus ``import.cpe_name`` when it holds a hardware or OS CPE (``fields`` itself otherwise: one
    dictionary lookup for an observation without CPEs)."""
    cpes = fields.get(SOURCE)
    if not cpes or FIELD in fields:
        return fields
    names = cpe_names(cpes)
    if not names:
        return fields
    return {**fields, FIELD: "\n".join(names)}
