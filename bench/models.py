"""Do the model-number grammars generalise? Measure them on model lists no grammar was written from.

    .venv/bin/python bench/models.py [--corpus FILE] [--wrong] [--misses] [-q]

The corpus (default ``tests/data/devmodels.jsonl``) holds one model number a line with its label: ``model``, ``maker``
(a canonical vendor id, or a maker camaudit does not know, or null), ``video`` (is the product a video device),
``type`` (the device type its list gives), ``ptz`` (the list says it pans and tilts), ``source`` (the public list it
was read from). The lists are makers' model numbers as independent public lists give them (a camera-model dataset
in public code, ZoneMinder's model table) and, as counter-lists, non-video products' numbers (nmap's service
fingerprints: switches, routers, printers, NAS, phones), none of them a source of any grammar.

Each number is identified twice, as ``camaudit identify`` would see it in a device's own model field
(``upnp.model_name``): **alone**, and **beside video** -- next to a page title "Network Camera" that types a camera
and names nobody -- since grammars that another product's number could fit name their maker only beside other video
evidence. Printed per maker of the video lists (alone, then beside video):

  * maker    -- the identity names the labelled maker (brand or manufacturer; a relabelling brand's OEM counts, as
                in bench/accuracy.py);
  * wrong    -- the identity names a maker, and not the labelled one (worse than naming none);
  * video    -- alone: typed as a video device; type -- alone: typed as the list's class (camera, thermal camera);
  * ptz      -- of the numbers the list marks PTZ, those given the ``ptz`` capability.

For the counter-lists (alone only: a non-video product carries no video evidence): the share taken for a video
device, and the share given a maker that makes cameras (a switch of a camera maker named by its maker is right,
typed video is not). ``--wrong`` lists every wrong maker and every non-video number taken for video; ``--misses`` the
numbers whose maker was not named alone.

helper-183 (2026-12-05) wrote it: nobody had measured how many of a maker's real numbers the grammars recognise, or
how often another product's number is taken for a camera.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from camaudit.identify import identify
from camaudit.knowledge.loader import vendors
from camaudit.model import Identity, Observation, is_video_device

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import makers_of, names_maker

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "devmodels.jsonl"
#: The largest corpus read: a few thousand short lines.
MAX_CORPUS_BYTES = 4 * 1024 * 1024
#: The field a device writes its own model number in (UPnP ``modelName``); routers, printers and NAS write it too.
MODEL_FIELD = "upnp.model_name"
#: A sign that types a camera and names nobody: the second context's other video evidence.
VIDEO_SIGN = {"http.title": "Network Camera"}
#: The classes a "camera" label accepts (a thermal camera is a camera; ``video_device`` is video but no class).
TYPE_ACCEPTS = {"camera": {"camera", "thermal_camera"}}


def load(path: Path) -> list[dict[str, Any]]:
    """The labelled model numbers of ``path``, one JSON object a line."""
    if path.stat().st_size > MAX_CORPUS_BYTES:
        raise SystemExit(f"{path}: larger than {MAX_CORPUS_BYTES} bytes")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def seen(model: str, *, beside_video: bool) -> Identity:
    """The identity of a device whose only model field says ``model`` (beside a camera's page title if asked)."""
    fields = {MODEL_FIELD: model, **(VIDEO_SIGN if beside_video else {})}
    return identify([Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])


def type_of(identity: Identity) -> str | None:
    return identity.device_type.value if identity.device_type is not None else None


@dataclass
class Counts:
    """One maker's (or one counter-list's) tallies in one context."""

    total: int = 0
    maker: int = 0
    wrong: int = 0
    video: int = 0
    typed: int = 0
    ptz_total: int = 0
    ptz: int = 0
    wrong_lines: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def add(self, label: Mapping[str, Any], identity: Identity) -> None:
        self.total += 1
        said = makers_of(identity.brand, identity.manufacturer)
        maker = label.get("maker")
        if maker and names_maker(maker, said):
            self.maker += 1
        elif said:
            self.wrong += 1
            self.wrong_lines.append(f"{label['model']!r} ({maker}) named {sorted(said)} at {identity.confidence:.2f}")
        else:
            self.missed.append(label["model"])
        kind = type_of(identity)
        if is_video_device(kind):
            self.video += 1
        if kind in TYPE_ACCEPTS.get(label.get("type") or "", set()):
            self.typed += 1
        if label.get("ptz"):
            self.ptz_total += 1
            self.ptz += "ptz" in identity.capabilities


def share(part: int, whole: int) -> str:
    return f"{part}/{whole}" if whole else "-"


@dataclass
class Report:
    alone: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    beside: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    counter: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    counter_video: list[str] = field(default_factory=list)
    counter_camera_maker: list[str] = field(default_factory=list)


def camera_makers() -> set[str]:
    """Vendor ids whose products include a video type (a maker named for a non-video number is then a camera
    maker's name: right for its own switch, wrong for a stranger's printer)."""
    video = {"camera", "nvr", "dvr", "video_encoder", "intercom", "thermal_camera", "access_control"}
    return {v.id for v in vendors().values() if set(v.makes) & video}


def measure(labels: Iterable[Mapping[str, Any]]) -> Report:
    report = Report()
    cameras = camera_makers()
    for label in labels:
        maker = label.get("maker") or "(none)"
        if label["video"]:
            report.alone[maker].add(label, seen(label["model"], beside_video=False))
            report.beside[maker].add(label, seen(label["model"], beside_video=True))
            continue
        identity = seen(label["model"], beside_video=False)
        report.counter[maker].add(label, identity)
        if is_video_device(type_of(identity)):
            report.counter_video.append(f"{label['model']!r} ({maker}) typed {type_of(identity)}")
        said = makers_of(identity.brand, identity.manufacturer) & cameras
        if said and not names_maker(label.get("maker") or "", said):
            report.counter_camera_maker.append(f"{label['model']!r} ({maker}) named {sorted(said)}")
    return report


def total(counts: Mapping[str, Counts]) -> Counts:
    whole = Counts()
    for one in counts.values():
        for name in ("total", "maker", "wrong", "video", "typed", "ptz_total", "ptz"):
            setattr(whole, name, getattr(whole, name) + getattr(one, name))
    return whole


def print_report(report: Report, *, quiet: bool, wrong: bool, misses: bool = False) -> None:
    print("Model grammars on independent lists (bench/models.py)")
    print(f"{'maker':<12} {'n':>4}  alone: {'maker':>7} {'wrong':>6} {'video':>7} {'type':>7} {'ptz':>6}"
          f"  beside video: {'maker':>7} {'wrong':>6} {'ptz':>6}")
    rows = sorted(report.alone) if not quiet else []
    for maker in [*rows, "ALL"]:
        one = total(report.alone) if maker == "ALL" else report.alone[maker]
        two = total(report.beside) if maker == "ALL" else report.beside[maker]
        print(f"{maker:<12} {one.total:>4}         {share(one.maker, one.total):>7} {share(one.wrong, one.total):>6}"
              f" {share(one.video, one.total):>7} {share(one.typed, one.total):>7} {share(one.ptz, one.ptz_total):>6}"
              f"                {share(two.maker, two.total):>7} {share(two.wrong, two.total):>6}"
              f" {share(two.ptz, two.ptz_total):>6}")
    counter = total(report.counter)
    print(f"counter-lists (non-video numbers, alone): {counter.total} numbers; typed video "
          f"{share(len(report.counter_video), counter.total)}; a camera maker named wrongly "
          f"{share(len(report.counter_camera_maker), counter.total)}; own maker named "
          f"{share(counter.maker, sum(c.total for m, c in report.counter.items() if m != '(none)'))}")
    if wrong:
        print("\nwrong makers, alone:")
        for maker in sorted(report.alone):
            for line in report.alone[maker].wrong_lines:
                print("  " + line)
        print("wrong makers, beside video:")
        for maker in sorted(report.beside):
            for line in report.beside[maker].wrong_lines:
                print("  " + line)
        print("non-video numbers typed video:")
        for line in report.counter_video:
            print("  " + line)
        print("non-video numbers given a camera maker not their own:")
        for line in report.counter_camera_maker:
            print("  " + line)
    if misses:
        print("\nmaker not named, alone:")
        for maker in sorted(report.alone):
            if report.alone[maker].missed:
                print(f"  {maker}: {' '.join(report.alone[maker].missed)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--wrong", action="store_true", help="list wrong makers and non-video numbers typed video")
    parser.add_argument("--misses", action="store_true", help="list the numbers whose maker was not named, alone")
    parser.add_argument("-q", "--quiet", action="store_true", help="totals only")
    args = parser.parse_args(argv)
    print_report(measure(load(args.corpus)), quiet=args.quiet, wrong=args.wrong, misses=args.misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
