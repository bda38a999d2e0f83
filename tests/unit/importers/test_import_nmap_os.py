"""nmap XML: OS detection (``-O``), the MAC vendor of a LAN scan and ``snmp-info`` reach identify.

``tests/data/importers/nmap_os.xml`` holds nmap's own fingerprint entries (nmap-os-db), MAC prefixes
(nmap-mac-prefixes) and the ``snmp-info`` @xmloutput example; its header comment gives the sources.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import quoteattr

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.fields import field
from camaudit.identify import identify
from camaudit.importers import nmap
from camaudit.importers.base import ImportRecord
from camaudit.model import is_video_device

DATA = Path(__file__).resolve().parents[2] / "data" / "importers" / "nmap_os.xml"


def _records() -> dict[str, ImportRecord]:
    return {r.ip or "": r for r in nmap.read(DATA)}


def _host_fields(record: ImportRecord) -> dict[str, str]:
    return next(o.fields for o in record.observations if o.port is None and o.protocol == "import")


def test_a_single_device_os_match_names_its_maker_and_type() -> None:
    record = _records()["192.0.2.31"]
    fields = _host_fields(record)
    assert fields["import.vendor"] == "AXIS"
    assert fields["import.devicetype"] == "webcam"
    assert fields["import.os"].split("\n")[0] == "AXIS 206 Network Camera"
    assert fields["import.cpe"] == "cpe:/h:axis:206_network_camera"
    identity = identify(record.observations)
    assert identity.manufacturer == "axis"
    assert identity.device_type == "camera"


def test_a_kernel_class_is_not_the_maker_but_the_match_name_is_read() -> None:
    # "Hikvision DVR" is classed "Linux | Linux || specialized": the vendor is the kernel's.
    record = _records()["192.0.2.33"]
    assert "import.vendor" not in _host_fields(record)
    identity = identify(record.observations)
    assert identity.manufacturer == "hikvision"
    assert identity.device_type == "dvr"
    # A camera class next to its kernel class still names the camera's maker.
    assert identify(_records()["192.0.2.35"].observations).manufacturer == "geovision"


def test_a_fingerprint_shared_by_several_devices_names_no_maker() -> None:
    shared = _records()["192.0.2.32"]  # AXIS, Buffalo, Linksys, Sony: one fingerprint
    assert identify(shared.observations).manufacturer is None
    listed = _records()["192.0.2.34"]  # "Rebranded surveillance DVR (Hikvision, Q-SEE, EYEsurv, A1Webcams, Foscam)"
    assert "import.os" not in _host_fields(listed)
    assert identify(listed.observations).manufacturer is None


def test_an_aggressive_guess_below_95_percent_is_not_read() -> None:
    record = _records()["192.0.2.36"]
    assert not any("import.vendor" in o.fields or "import.os" in o.fields for o in record.observations)
    assert identify(record.observations).manufacturer is None


def test_snmp_info_enterprise_and_engine_mac() -> None:
    record = _records()["192.0.2.37"]
    (snmp,) = record.observations
    assert snmp.fields["import.vendor"] == "Axis Communications AB"
    assert snmp.fields["mac"] == "00:40:8c:b5:32:bc"
    assert identify(record.observations).manufacturer == "axis"


def test_the_mac_vendor_of_a_lan_scan_names_the_maker() -> None:
    record = _records()["192.0.2.38"]
    identity = identify(record.observations)
    assert identity.manufacturer == "dahua"
    assert is_video_device(identity.device_type)
    assert any(e.field == "mac.oui" for e in identity.evidence)


def test_snmp_info_text_output_without_elements() -> None:
    xml = ('<?xml version="1.0"?><nmaprun><host><address addr="192.0.2.9" addrtype="ipv4"/><ports>'
           '<port protocol="udp" portid="161"><state state="open"/><service name="snmp"/>'
           '<script id="snmp-info" output="&#10;  enterprise: Axis Communications AB&#10;  engineIDFormat: mac&#10;'
           '  engineIDData: 00:40:8c:00:11:22"/></port></ports></host></nmaprun>')
    (record,) = list(nmap.read(io.BytesIO(xml.encode())))
    assert record.observations[0].fields == {"import.vendor": "Axis Communications AB", "mac": "00:40:8c:00:11:22"}


def test_hostile_os_elements_do_not_raise() -> None:
    matches = "".join(f'<osmatch name="x{i}" accuracy="{"9" * (i % 6)}"><osclass vendor="v{i}" type="t"/></osmatch>'
                      for i in range(200))
    xml = (f'<?xml version="1.0"?><nmaprun><host><address addr="192.0.2.9" addrtype="ipv4"/><os>{matches}'
           '<osclass vendor="old" accuracy="abc"/></os></host></nmaprun>')
    (record,) = list(nmap.read(io.BytesIO(xml.encode())))
    assert record.error is None


def test_every_field_is_declared_for_nmap() -> None:
    for record in _records().values():
        for obs in record.observations:
            for name, value in obs.fields.items():
                declared = field(name)
                assert declared is not None and declared.filled_by("import:nmap"), name
                assert declared.accepts(value), (name, value)


_NAMES = st.sampled_from(["AXIS", "Sony", "Linux", "embedded", "Hikvision", "", "<&>\"'", "a,b"])


@settings(max_examples=60, deadline=None)
@given(matches=st.lists(st.tuples(st.sampled_from(["100", "96", "95", "94", "", "x", "1000"]), _NAMES,
                                  st.lists(st.tuples(_NAMES, _NAMES, _NAMES), max_size=4)), max_size=5))
def test_any_os_block_is_read_without_naming_one_of_several_makers(
        matches: list[tuple[str, str, list[tuple[str, str, str]]]]) -> None:
    body = "".join(
        f'<osmatch name={quoteattr(name)} accuracy="{accuracy}">'
        + "".join(f"<osclass vendor={quoteattr(v)} osfamily={quoteattr(f)} type={quoteattr(t)}/>" for v, f, t in classes)
        + "</osmatch>"
        for accuracy, name, classes in matches
    )
    xml = f'<?xml version="1.0"?><nmaprun><host><address addr="192.0.2.9" addrtype="ipv4"/><os>{body}</os></host></nmaprun>'
    (record,) = list(nmap.read(io.BytesIO(xml.encode())))
    assert record.error is None
    vendors = {o.fields.get("import.vendor") for o in record.observations} - {None}
    assert len(vendors) <= 1
    best = max((int(a) for a, _n, _c in matches if a.isdigit() and len(a) <= 3), default=0)
    if best < 95:
        assert not any("import.os" in o.fields for o in record.observations)
