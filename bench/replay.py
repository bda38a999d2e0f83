"""Identification on the replay lab: real recorded replies, served live on loopback, scanned by camaudit.

    /work/bin/isolated .venv/bin/python bench/replay.py [--base 127.79.0.1] [-q]

The replay lab (``src/camaudit/lab/replay/``) is a set of lab profiles whose answers are bytes other
projects recorded from real devices and published (RTSP OPTIONS/DESCRIBE exchanges, ONVIF answers, each
profile's ``source`` says where). Every device is started on its own loopback address, scanned with the
``cameras`` port preset exactly as ``camaudit scan`` does, and its observations are identified twice:

  * **in-sample** -- with every rule (what ``camaudit scan`` reports);
  * **leave-one-source-out** -- with every rule and layer entry that shares a source key with the
    device's profile removed (``camaudit.identify.provenance``), so a rule written from the very thread a
    reply was taken from cannot score it.

Printed: maker named (camera devices whose profile names a maker), recognised as a video device (all
camera devices), false claims (non-camera devices typed as video or given a maker), per device what was
said. Targets (issue 9): maker >= 85 %, recognised >= 90 %, no false claim -- on the LOSO figure.
Exit status 0 when the LOSO figures meet them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from camaudit.audit import run_audit
from camaudit.identify import ruleset, ruleset_of
from camaudit.identify.provenance import example_keys, rule_kept
from camaudit.lab.profile import load_profile
from camaudit.lab.runner import LabRunner
from camaudit.model import Identity, Observation, is_video_device
from camaudit.scan.engine import HostReport, ScanOptions
from camaudit.scan.net import Limits
from camaudit.scan.ports import PRESETS
from camaudit.targets import build_scope

ROOT = Path(__file__).resolve().parent.parent
REPLAY_DIR = ROOT / "src" / "camaudit" / "lab" / "replay"
DEFAULT_BASE = "127.79.0.1"

MAKER_TARGET = 0.85
VIDEO_TARGET = 0.90


@dataclass
class Row:
    """One replayed device: what its profile says it is, and what each identification said."""

    name: str
    source: str
    expect: dict[str, str | None]
    in_sample: Identity
    loso: Identity

    @property
    def is_video(self) -> bool:
        return is_video_device(self.expect.get("device_type"))

    @property
    def maker(self) -> str | None:
        return self.expect.get("manufacturer") or self.expect.get("brand")


@dataclass
class Figures:
    """Counts of one identification run over the replay lab."""

    label: str
    video_total: int = 0
    recognised: int = 0
    maker_total: int = 0
    maker_right: int = 0
    other_total: int = 0
    false_claims: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def maker_rate(self) -> float:
        return self.maker_right / self.maker_total if self.maker_total else 1.0

    @property
    def video_rate(self) -> float:
        return self.recognised / self.video_total if self.video_total else 1.0

    @property
    def ok(self) -> bool:
        return self.maker_rate >= MAKER_TARGET and self.video_rate >= VIDEO_TARGET and self.false_claims == 0

    def lines(self) -> list[str]:
        return [
            self.label,
            f"  maker named      {self.maker_rate:6.1%}  ({self.maker_right}/{self.maker_total} camera devices whose"
            f" replies name a maker; target >= {MAKER_TARGET:.0%})",
            f"  recognised       {self.video_rate:6.1%}  ({self.recognised}/{self.video_total} camera devices;"
            f" target >= {VIDEO_TARGET:.0%})",
            f"  false claims     {self.false_claims}/{self.other_total} non-camera devices (target 0)",
        ]


def _makers(identity: Identity) -> set[str]:
    return {m for m in (identity.brand, identity.manufacturer) if m}


def score(rows: Sequence[Row], *, loso: bool) -> Figures:
    """Score the in-sample or the LOSO identities of ``rows`` against their profiles."""
    figures = Figures("replay lab (leave-one-source-out)" if loso else "replay lab (in-sample: all rules)")
    for row in rows:
        ident = row.loso if loso else row.in_sample
        said = f"type={ident.device_type} brand={ident.brand} manufacturer={ident.manufacturer} conf={ident.confidence}"
        if row.is_video:
            figures.video_total += 1
            figures.recognised += ident.is_video_device
            if not ident.is_video_device:
                figures.misses.append(f"{row.name}: not recognised ({said})")
            if row.maker:
                figures.maker_total += 1
                wanted = {m for m in (row.expect.get("brand"), row.expect.get("manufacturer")) if m}
                if _makers(ident) & wanted:
                    figures.maker_right += 1
                else:
                    figures.misses.append(f"{row.name}: maker {row.maker} not named ({said})")
        else:
            figures.other_total += 1
            if ident.is_video_device or _makers(ident):
                figures.false_claims += 1
                figures.misses.append(f"{row.name}: non-camera claimed ({said})")
    return figures


def scan_replay_lab(base: str = DEFAULT_BASE, profile_dir: Path = REPLAY_DIR) -> list[Row]:
    """Start the replay lab on loopback, scan it, and identify every device in-sample and LOSO."""
    observed: dict[str, list[Observation]] = {}

    def keep(report: HostReport, _device: object = None) -> None:
        observed.setdefault(report.ip, []).extend(report.observations)

    rules = ruleset().rules
    rows = []
    with LabRunner(base=base, profile_dir=profile_dir) as lab:
        guard = build_scope([d.ip for d in lab.devices])
        ports = tuple(sorted(set(PRESETS["cameras"]) | set(lab.ports)))
        options = ScanOptions(ports=ports, host_timeout=20.0, limits=Limits(probe_timeout=2.0))
        result = run_audit(guard, options, progress=keep)
        by_ip = {d.addresses[0].ip: d.identity for d in result.devices}
        for dev in lab.devices:
            source = load_profile(profile_dir / f"{dev.name}.yaml").source
            keys = example_keys(source)
            kept = ruleset_of([r for r in rules if rule_kept(r.source, r.supports, keys)])
            observations = observed.get(dev.ip, [])
            in_sample = by_ip.get(dev.ip) or ruleset().identify(observations)
            rows.append(Row(dev.name, source or "", dict(dev.expect), in_sample, kept.identify(observations)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default=DEFAULT_BASE, help="first loopback address of the lab")
    parser.add_argument("-q", "--quiet", action="store_true", help="figures only")
    args = parser.parse_args(argv)
    rows = scan_replay_lab(args.base)
    loso = score(rows, loso=True)
    for figures in (score(rows, loso=False), loso):
        print("\n".join(figures.lines()))
        if not args.quiet:
            print("\n".join("    " + m for m in figures.misses))
    if not args.quiet:
        print("devices:")
        for row in rows:
            ident = row.loso
            print(
                f"  {row.name}: expect {row.expect.get('device_type')}/{row.maker}; LOSO says {ident.device_type}/"
                f"{ident.manufacturer or ident.brand} ({ident.confidence}); in-sample {row.in_sample.device_type}/"
                f"{row.in_sample.manufacturer or row.in_sample.brand}"
            )
    print(f"targets {'MET' if loso.ok else 'NOT MET'} (leave-one-source-out)")
    return 0 if loso.ok else 1


if __name__ == "__main__":
    sys.exit(main())
