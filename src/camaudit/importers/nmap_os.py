"""nmap's OS detection (``nmap -O``: ``<os><osmatch><osclass>``) as weak evidence of maker and device type."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from camaudit.importers.base import put

#: OS matches read per host, and the accuracy below which nmap's guess is not read at all.
MAX_OS_MATCHES = 16
MIN_OS_ACCURACY = 95


def _accuracy(element: Element) -> int:
    text = element.get("accuracy") or ""
    return int(text) if text.isdigit() and len(text) <= 3 else 0


def os_fields(os_element: Element, fields: dict[str, str]) -> None:
    """nmap's OS detection (``-O``): its best match -> ``import.os``, ``import.vendor``, ``import.devicetype``.

    Only matches at nmap's best accuracy and at least :data:`MIN_OS_ACCURACY` are read: lower ones are the
    "aggressive guesses" nmap prints when nothing fits. A class whose vendor is its OS family (``Linux |
    Linux``) describes the kernel, not who made the box. One fingerprint may stand for several devices
    ("AXIS 205 Network Camera, Buffalo TeraStation NAS device, ... or Sony SNC-RZ50N network camera", one
    ``osclass`` each, or "Rebranded surveillance DVR (Hikvision, Q-SEE, ...)"): a device type is kept only
    when every class agrees, and vendors, names and CPEs only when at most one maker is named and the match
    name is not such a list (no comma), so the guess never names the wrong maker. Older files put
    ``osclass`` directly under ``os``.
    """
    matches = os_element.findall("osmatch")[:MAX_OS_MATCHES]
    candidates = matches or os_element.findall("osclass")[:MAX_OS_MATCHES]
    best = max((_accuracy(m) for m in candidates), default=0)
    if best < MIN_OS_ACCURACY:
        return
    top = [m for m in candidates if _accuracy(m) == best]
    classes = [c for m in top for c in m.findall("osclass")[:MAX_OS_MATCHES]] if matches else top
    kinds = {(c.get("type") or "").strip() for c in classes}
    if len(kinds) == 1:
        put(fields, "import.devicetype", kinds.pop())
    makers = set()
    for osclass in classes:
        vendor = (osclass.get("vendor") or "").strip()
        if vendor and vendor.lower() != (osclass.get("osfamily") or "").strip().lower():
            makers.add(vendor)
    names = [(m.get("name") or "").strip() for m in top] if matches else []
    if len(makers) > 1 or any("," in name for name in names):
        return
    put(fields, "import.vendor", makers.pop() if makers else None)
    families = {(c.get("osfamily") or "").strip() for c in classes}
    put(fields, "import.os", [n for n in names + sorted(families) if n][:4])
    put(fields, "import.cpe", [c.text for cls in classes for c in cls.findall("cpe")[:8] if c.text][:16])
