"""The census judges each camera record by a memo per identity key; the memo must never change an answer.

The camera identities of a synthetic crawl (the labelled corpora's camera strings: many makers, relabelled
brands, models and firmware), plus relabelled brands whose maker depends on what the device says and a model
whose KEV exposure depends on its firmware, each judged in order through the memo and again with every memo
emptied first: the regimes, possible regimes and KEV columns are the same.
"""

from __future__ import annotations

from camaudit.assess import restriction_status
from camaudit.census import judge as judge_module
from camaudit.census import synth
from camaudit.census.judge import Judgement, judge
from camaudit.identify import identify
from camaudit.importers.shodan import parse_banner
from camaudit.model import DeviceType, Evidence, Identity


def _forget() -> None:
    judge_module._judged.clear()
    judge_module._kev.cache_clear()
    restriction_status._memo.clear()


def _relabelled() -> list[Identity]:
    def ev(**asserts: str) -> Evidence:
        return Evidence(rule_id="test", field="http.server", matched="x", asserts=asserts, certainty=0.9,
                        source="test")

    return [
        Identity(brand="lorex", device_type=DeviceType.CAMERA, evidence=(ev(brand="lorex"),)),
        Identity(brand="lorex", manufacturer="dahua", device_type=DeviceType.CAMERA,
                 evidence=(ev(brand="lorex"), ev(made="20190301"))),
        Identity(brand="lorex", manufacturer="hikvision", device_type=DeviceType.CAMERA,
                 evidence=(ev(brand="lorex"), ev(manufacturer="hikvision", made="20160301"))),
        Identity(brand="lorex", device_type=DeviceType.CAMERA, evidence=(ev(brand="lorex"), ev(made="20230301"))),
        Identity(brand="kbvision", manufacturer="dahua", device_type=DeviceType.CAMERA,
                 evidence=(ev(brand="kbvision"),)),
        Identity(brand="kbvision", manufacturer="dahua", device_type=DeviceType.CAMERA,
                 evidence=(ev(brand="kbvision"), ev(manufacturer="dahua"))),
        Identity(brand="swann", manufacturer="raysharp", device_type=DeviceType.DVR, evidence=(ev(brand="swann"),)),
        # One model, three firmware builds: inside CVE-2021-36260's dates, after them, and unknown (cves.yaml).
        *(Identity(brand="hikvision", manufacturer="hikvision", model="DS-2CD2143G2-I", firmware=firmware,
                   device_type=DeviceType.CAMERA, evidence=(ev(brand="hikvision"),))
          for firmware in ("V5.5.0 build 170725", "V5.7.3 build 220112", None)),
    ]


def test_the_memo_gives_what_judging_afresh_gives() -> None:
    identities = [
        identity
        for position, banner in enumerate(synth.banners(4000, seed=3))
        if (record := parse_banner(banner, position)).observations
        and (identity := identify(record.observations)).is_video_device
    ]
    identities += _relabelled() * 2
    _forget()
    remembered = [judge(identity, "all") for identity in identities]
    afresh: list[Judgement] = []
    for identity in identities:
        _forget()
        afresh.append(judge(identity, "all"))
    assert remembered == afresh
    # The crawl holds what the memo must keep apart: restricted makers, possibly restricted brands, KEV rows.
    assert len(identities) > 150
    assert sum(bool(j.regimes) for j in afresh) > 50
    assert sum(bool(j.possible_regimes) for j in afresh) >= 4
    assert sum(bool(j.kev or j.kev_unchecked) for j in afresh) > 20
    assert len({(j.regimes, j.possible_regimes, j.kev, j.kev_unchecked) for j in afresh}) > 5
