"""What a maker sells on IP networks (``catalogues.yaml``): the base rate behind "a Hikvision device is a video device".

An expert who sees a device named Hikvision, and nothing saying what it is, still says "a video device": nearly
everything Hikvision puts on a network is a camera, a recorder, an intercom or an access-control terminal. The
same expert says nothing for TP-Link, Bosch or Sony, whose cameras are a small part of what they sell. Each entry
is that judgement for one vendor, with the public document it rests on (annual reports' revenue by product line,
the maker's own description of its business) and the lines that are not video, so a reader sees what the rate
leaves out. A vendor is a maker or a brand: the name on the box decides (``identify/base_rates.py`` never reads a
brand through its maker's row), so a brand that sells only cameras and recorders (Swann, Lorex) has a row of its own,
judged on its own lines. ``identify/base_rates.py`` reads ``sells: video``; ``sells: mixed`` entries record the
decision for the multi-product makers a reader would ask about, so that it is written down rather than implied by
absence.

Kept apart from ``vendors.yaml``: a vendor entry's ``source`` says where its *names* come from, a catalogue's where
its *product lines* do, and the two are checked and dated apart.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import model_validator

from camaudit.knowledge.entries import KnowledgeFile, Sourced, Text, VendorRef, check_unique


class Catalogue(Sourced):
    """What ``vendor`` sells on IP networks: (nearly) only video devices, or a mix of which video is a small part."""

    kind: ClassVar[str] = "catalogue"
    keys: ClassVar[tuple[str, ...]] = ("vendor",)

    vendor: VendorRef
    #: ``video``: (nearly) everything the vendor puts on IP networks is a video device in camaudit's sense (camera,
    #: recorder, encoder, intercom, access-control terminal); ``mixed``: it sells other networked products as well.
    sells: Literal["video", "mixed"]
    #: The product lines, in words: the video ones and the others (for ``video``, what the rate leaves out).
    lines: Text
    #: Products of this vendor that answer RTSP and are no video device (a television or tuner serving SAT>IP, an
    #: IPTV platform's video servers), in words, with their source in ``source``. Set, an RTSP answer beside this
    #: vendor's name is no sign of its camera (identify/base_rates.py ``agreeing_weak_signs``).
    rtsp_look_alikes: Text | None = None


class CataloguesFile(KnowledgeFile):
    file: ClassVar[str] = "catalogues.yaml"

    catalogues: tuple[Catalogue, ...]

    @model_validator(mode="after")
    def _one_per_vendor(self) -> CataloguesFile:
        check_unique("catalogue", (c.vendor for c in self.catalogues), "vendor")
        return self
