"""One firmware, two spellings: SADP and ONVIF agree once folded."""

from camaudit.identify.resolve import canonical, resolve
from camaudit.model import Evidence


def _ev(rule: str, firmware: str, certainty: float) -> Evidence:
    return Evidence(rule, "x", firmware, {"firmware": firmware, "manufacturer": "hikvision"}, certainty, "test")


def test_hikvision_build_spellings_are_one_value() -> None:
    assert canonical("firmware", "V5.7.3build 220112") == "V5.7.3 build 220112"
    assert canonical("firmware", "V5.5.82  Build  190909") == "V5.5.82 build 190909"
    assert canonical("firmware", "2.800.0000000.25.R") == "2.800.0000000.25.R"
    ident = resolve([_ev("sadp", "V5.7.3build 220112", 0.9), _ev("onvif", "V5.7.3 build 220112", 0.8)])
    assert ident.firmware == "V5.7.3 build 220112"
    assert not [c for c in ident.conflicts if c.attribute == "firmware"]
