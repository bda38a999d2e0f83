"""ProjectDiscovery nuclei's JSON lines (``nuclei -jsonl``): one template match per line.

The keys are those of nuclei's ``output.ResultEvent`` (``pkg/output/output.go``): ``template-id``, ``info`` (the
template's ``model.Info`` inline: ``name``, ``tags``, ``metadata{vendor, product ...}``,
``classification{cpe ...}``), ``matcher-name``, ``extracted-results``, ``type`` (``http``, ``network``, ``tcp``,
``ssl`` ...), ``host``, ``port`` (text), ``scheme``, ``url``, ``matched-at``, ``ip``, ``timestamp``,
``matcher-status`` and, unless ``-omit-raw``, ``request`` and ``response`` (the reply dumped whole).

The reply is the device's own answer and is read by content (``importers/sniff.py``), as every scanner's raw reply
is. Everything else is nuclei's conclusion -- a template written to recognise a product matched -- and is kept as
the weak ``import.*`` fields (identify caps them at 0.45): the template's name and metadata product as
``import.product``, its metadata vendor as ``import.vendor``, its CPE as ``import.cpe``, its tags and the matcher's
name as ``import.tags``, what its extractors pulled out as ``import.extrainfo``. A line that says its template did
*not* match (``"matcher-status": false``, written with ``-matcher-status``) claims nothing; its reply is still read,
and without one the line adds no observation (importers/jsonl.py): it is no sign the device answered.
"""

from __future__ import annotations

from typing import Any

from camaudit.importers.base import RecordError, as_dict, as_list, as_port, iso_utc, put, scheme_port, valid_ip
from camaudit.importers.replies import address_and_port
from camaudit.importers.sniff import sniff
from camaudit.model import RAW_KEEP_BYTES, Observation

#: Tags, CPEs and extracted values read of one line (a template lists a handful; more is a hostile line).
MAX_ITEMS = 16
#: Characters of one claim kept (a template name is a short title).
MAX_CLAIM_CHARS = 256
#: ``type`` values whose port speaks HTTP, so a reply without a status line is not guessed at.
_WEB_TYPES = ("http", "headless")


def is_nuclei(line: dict[str, Any]) -> bool:
    """A nuclei result: a template id and the template's ``info``, none of camaudit's own observation keys."""
    return isinstance(line.get("template-id"), str) and isinstance(line.get("info"), dict) and "fields" not in line


def nuclei_line(line: dict[str, Any]) -> Observation:
    """One nuclei result as an observation; :class:`RecordError` when it names no address."""
    ip, port = _endpoint(line)
    kind = str(line.get("type") or "").lower()[:16]
    scheme = str(line.get("scheme") or "").lower()
    fields: dict[str, str] = {}
    response = line.get("response")
    response = response if isinstance(response, str) and response.strip() else ""
    protocol = sniff(response, fields, port=port, hint=kind) if response else None
    if line.get("matcher-status") is not False:
        _claims(line, fields)
    if protocol is None:
        protocol = kind if kind and kind not in _WEB_TYPES else ("https" if scheme == "https" else "http")
    elif protocol == "http" and scheme == "https":
        protocol = "https"
    return Observation(ip, port, "tcp" if kind not in ("dns", "udp") else "udp", protocol, "import",
                       iso_utc(line.get("timestamp")), fields, response[:RAW_KEEP_BYTES].encode("utf-8", "replace"))


def _endpoint(line: dict[str, Any]) -> tuple[str, int | None]:
    """The address nuclei resolved (``ip``), else the one ``host``/``matched-at``/``url`` is written with; the port
    from ``port``, else the one written with the address, else the scheme's."""
    port = as_port(line.get("port"))
    for key in ("ip", "host", "matched-at", "url"):
        value = line.get(key)
        if not isinstance(value, str) or not value:
            continue
        try:
            ip, written = address_and_port(value)
        except RecordError:
            continue
        port = port or as_port(written)
        if port is None:
            scheme = line.get("scheme") or (value.partition("://")[0] if "://" in value else "")
            port = scheme_port(str(scheme).lower())
        return valid_ip(ip), port
    raise RecordError("a nuclei result without an address (ip, host)")


def _claims(line: dict[str, Any], fields: dict[str, str]) -> None:
    """What the matching template says the service is: weak ``import.*`` evidence."""
    info = as_dict(line.get("info"))
    metadata = as_dict(info.get("metadata"))
    put(fields, "import.product", _texts([info.get("name"), *_values(metadata.get("product"))]))
    put(fields, "import.vendor", _texts(_values(metadata.get("vendor"))))
    put(fields, "import.cpe", _texts(_values(as_dict(info.get("classification")).get("cpe"))))
    put(fields, "import.tags", _texts([*_values(info.get("tags")), line.get("matcher-name")]))
    put(fields, "import.extrainfo", _texts(as_list(line.get("extracted-results"))))


def _values(value: Any) -> list[Any]:
    """A template value written as one text, a comma list (``tags: camera,iot``) or a YAML list."""
    if isinstance(value, str):
        return [part for part in value.split(",")[:MAX_ITEMS]]
    return as_list(value)[:MAX_ITEMS]


def _texts(values: list[Any]) -> list[str]:
    """The distinct non-empty texts of ``values``, each cut to :data:`MAX_CLAIM_CHARS`, in order."""
    seen: list[str] = []
    for value in values[:MAX_ITEMS]:
        text = value.strip()[:MAX_CLAIM_CHARS] if isinstance(value, str) else ""
        if text and text not in seen:
            seen.append(text)
    return seen
