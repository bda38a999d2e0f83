"""The one loader of the packaged knowledge base: read a YAML file (bounded), validate it, cache it.

Every knowledge file has a pydantic model (``vendors.py``, ``regimes.py``, ``cves.py`` ...); this module
reads a file, validates it against its model with the ids of the files it refers to, and turns the first
problem into a :class:`KnowledgeError` whose one-line message names the file, the entry and the field:

    oems.yaml: oem row 'annke/nosuch': 'manufacturer': 'nosuch' is not a vendor id in vendors.yaml

The packaged files are loaded once per process, on first use (loading twice from two threads at once is
harmless: same result). Every fact carries its source (ARCHITECTURE §4).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, cast, get_args

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from camaudit.knowledge.catalogues import Catalogue, CataloguesFile
from camaudit.knowledge.clouds import Cloud, CloudsFile
from camaudit.knowledge.credentials import DefaultAccount, DefaultsFile
from camaudit.knowledge.cves import Cve, CvesFile, EndOfLife
from camaudit.knowledge.entries import Entry, KnowledgeFile
from camaudit.knowledge.firmware import FirmwareFile, Grammar
from camaudit.knowledge.firmware_certificates import FirmwareCertificate, FirmwareCertificatesFile
from camaudit.knowledge.regimes import PoliciesFile, Policy, Regime, RegimesFile
from camaudit.knowledge.rules import RulesFile
from camaudit.knowledge.vendors import OemRelation, OemsFile, Vendor, VendorsFile, normalise_name

DATA_DIR = Path(__file__).parent / "data"
RULES_DIR = DATA_DIR / "rules"
OUI_SUPPLEMENT_FILE = DATA_DIR / "oui_supplement.tsv"
#: Far above any knowledge file (the biggest rule file is ~100 KB); a bigger file is a mistake, not data.
MAX_FILE_BYTES = 4 * 1024 * 1024

F = TypeVar("F", bound=KnowledgeFile)


#: A safe YAML loader: the C one when libyaml is there (several times faster), else the pure-Python one.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(SAFE_LOADER):  # type: ignore[misc]
    """A safe YAML loader that leaves dates as text, so the models parse them and name the field when one
    is wrong (``checked: 2026-13-01``) instead of YAML failing on the whole file."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class KnowledgeError(ValueError):
    """A knowledge file that cannot be used; ``str()`` is one line naming the file, the entry and the problem."""

    def __init__(self, file: str, entry: str | None, problem: str) -> None:
        self.file, self.entry, self.problem = file, entry, problem
        super().__init__(f"{file}: {entry}: {problem}" if entry else f"{file}: {problem}")


def read_yaml(path: Path) -> Any:
    """The YAML document in ``path`` (read at most :data:`MAX_FILE_BYTES`); ``{}`` for an empty file."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise KnowledgeError(str(path), None, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise KnowledgeError(path.name, None, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    try:
        # A safe loader: the C one when libyaml is there (several times faster), else the pure-Python one.
        doc = yaml.load(data, Loader=_Loader)  # noqa: S506
    except yaml.YAMLError as exc:
        raise KnowledgeError(path.name, None, f"not valid YAML: {' '.join(str(exc).split())}") from None
    return {} if doc is None else doc


def load_file(model: type[F], path: Path | None = None, context: Mapping[str, Any] | None = None) -> F:
    """Read and validate one knowledge file (default: the packaged one) against ``model``.

    ``context`` holds the ids other files define (``vendors``, ``regimes``) and ``grammar_for``; by default
    the packaged knowledge base supplies them, so a file under test is checked against the real vendors.
    """
    target = DATA_DIR / model.file if path is None else path
    doc = read_yaml(target)
    if not isinstance(doc, dict):
        raise KnowledgeError(target.name, None, f"expected a mapping with {_keys(model)}")
    try:
        return model.model_validate(doc, context=_context(model) if context is None else context)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        entry, problem = _describe(model, doc, errors[0])
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise KnowledgeError(target.name, entry, problem + more) from None


def _keys(model: type[KnowledgeFile]) -> str:
    return ", ".join(f"'{k}'" for k in model.model_fields)


def _entry_class(model: type[KnowledgeFile], key: str) -> type[Entry] | None:
    field = model.model_fields.get(key)
    for arg in get_args(field.annotation) if field is not None else ():
        if isinstance(arg, type) and issubclass(arg, Entry):
            return arg
    return None


def _path(parts: tuple[int | str, ...]) -> str:
    text = ""
    for part in parts:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _describe(model: type[KnowledgeFile], doc: Mapping[str, Any], err: ErrorDetails) -> tuple[str | None, str]:
    """The entry an error is about (``vendor 'acme'``) and the problem, in words."""
    loc = tuple(err["loc"])
    entry: str | None = None
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        cls = _entry_class(model, loc[0])
        items = doc.get(loc[0])
        raw = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
        entry = cls.label(raw, loc[1]) if cls is not None else f"{loc[0]} #{loc[1] + 1}"
        loc = loc[2:]
    elif len(loc) == 1 and err["type"] in ("tuple_type", "list_type"):
        return None, f"expected a list under '{loc[0]}'"
    field = _path(loc)
    kind, message = err["type"], err["msg"].removeprefix("Value error, ")
    if kind == "missing":
        return entry, f"missing '{field}'"
    if kind == "extra_forbidden":
        return entry, f"unknown key '{field}'"
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        return entry, f"'{field}': {err['input']!r} is not one of {expected}"
    if kind in ("value_error", "assertion_error"):
        return entry, f"'{field}': {message}" if field else message
    shown = repr(err["input"])
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return entry, f"'{field}': {message} (got {shown})" if field else f"{message} (got {shown})"


def _context(model: type[KnowledgeFile]) -> dict[str, Any]:
    if model is VendorsFile:
        return {}
    context: dict[str, Any] = {"vendors": frozenset(vendors())}
    if model is CvesFile:
        context["grammar_for"] = firmware_grammar
    if model is PoliciesFile:
        context["regimes"] = frozenset(r.id for r in regimes())
    return context


@cache
def _packaged(model: type[KnowledgeFile]) -> KnowledgeFile:
    return load_file(model)


def packaged(model: type[F]) -> F:
    """The packaged file of ``model``, loaded and validated once per process."""
    return cast(F, _packaged(model))


# --- vendors and the OEM table: what identify and assess ask most ---------------------------------


@cache
def _vendor_index() -> tuple[Mapping[str, Vendor], Mapping[str, str]]:
    by_id = {v.id: v for v in packaged(VendorsFile).vendors}
    aliases = {normalise_name(name): v.id for v in by_id.values() for name in v.names()}
    return by_id, aliases


def vendors() -> Mapping[str, Vendor]:
    """All vendors by id."""
    return _vendor_index()[0]


def vendor(vendor_id: str) -> Vendor:
    """The vendor with id ``vendor_id``; :class:`KeyError` when there is none."""
    return _vendor_index()[0][vendor_id]


def canonical_vendor(name: str) -> str | None:
    """The vendor id that ``name`` (an id, name, legal name or alias, any case) means, or ``None``."""
    return _vendor_index()[1].get(normalise_name(name))


@cache
def oem_relations(brand: str) -> tuple[OemRelation, ...]:
    """The OEM-table rows for ``brand`` (a vendor id), most confident first."""
    rows = [r for r in packaged(OemsFile).oems if r.brand == brand]
    return tuple(sorted(rows, key=lambda r: -r.confidence))


def maker_of(vendor_id: str | None) -> str | None:
    """Who makes ``vendor_id``'s devices: the vendor itself when it builds its own, else the manufacturer of
    its most confident OEM-table row that holds for the brand in general (a row for one product line says nothing
    of the brand's other lines); ``None`` when unknown."""
    entry = vendors().get(vendor_id or "")
    if entry is None:
        return None
    if entry.is_maker:
        return entry.id
    rows = [r for r in oem_relations(entry.id) if not r.by_line]
    return rows[0].manufacturer if rows else None


@cache
def _catalogue_index() -> Mapping[str, Catalogue]:
    return {c.vendor: c for c in packaged(CataloguesFile).catalogues}


def firmware_certificates() -> tuple[FirmwareCertificate, ...]:
    """Certificates whose private key ships in a firmware image (``firmware_certificates.yaml``)."""
    return packaged(FirmwareCertificatesFile).certificates


def catalogue(vendor_id: str) -> Catalogue | None:
    """What ``vendor_id`` sells on IP networks (``catalogues.yaml``), or ``None`` when the file says nothing."""
    return _catalogue_index().get(vendor_id)


# --- the other files, by what they hold --------------------------------------------------------------


def regimes() -> tuple[Regime, ...]:
    """The restriction regimes, in file order."""
    return packaged(RegimesFile).regimes


@cache
def policies() -> Mapping[str, Policy]:
    """The policy profiles by name, in file order."""
    return {p.name: p for p in packaged(PoliciesFile).policies}


def cves() -> tuple[Cve, ...]:
    """The CVE table."""
    return packaged(CvesFile).cves


def end_of_life() -> tuple[EndOfLife, ...]:
    """Products whose maker publicly states they are end of life."""
    return packaged(CvesFile).end_of_life


def clouds() -> tuple[Cloud, ...]:
    """The vendor cloud / P2P ecosystems."""
    return packaged(CloudsFile).clouds


def default_accounts() -> tuple[DefaultAccount, ...]:
    """The factory default accounts (used only by ``--check-default-credentials``)."""
    return packaged(DefaultsFile).defaults


def firmware_grammar(vendor_id: str | None) -> Grammar:
    """The grammar ``vendor_id``'s firmware is written in: its own, else its maker's, else the fallback."""
    grammars = packaged(FirmwareFile)
    if vendor_id and any(vendor_id in g.makers for g in grammars.grammars):
        return grammars.for_maker(vendor_id)
    return grammars.for_maker(maker_of(vendor_id))


__all__ = [
    "DATA_DIR",
    "RULES_DIR",
    "CataloguesFile",
    "CloudsFile",
    "CvesFile",
    "DefaultsFile",
    "FirmwareFile",
    "KnowledgeError",
    "OemsFile",
    "PoliciesFile",
    "RegimesFile",
    "RulesFile",
    "VendorsFile",
    "canonical_vendor",
    "catalogue",
    "clouds",
    "cves",
    "default_accounts",
    "end_of_life",
    "firmware_certificates",
    "firmware_grammar",
    "load_file",
    "maker_of",
    "oem_relations",
    "packaged",
    "policies",
    "read_yaml",
    "regimes",
    "vendor",
    "vendors",
]
