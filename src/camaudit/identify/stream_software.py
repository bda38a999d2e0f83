"""Streaming software explains its own RTSP answer: the generic stream-server hints it gives are not a camera's.

An RTSP answer carries hints that, on a network, usually mean a camera or recorder (layers/device_words.yaml):
the service answered in RTSP at all (``words.rtsp-answered``), it offers only viewing methods
(``words.rtsp-viewing-methods``), it describes a video stream (``words.rtsp-described-video``), it asks for a
password (``words.rtsp-protected-stream``). Every streaming server does each of these by itself: GStreamer's
gst-rtsp-server lists PAUSE and GET_PARAMETER and no RECORD unless a pipeline records; LIVE555 describes
whatever video it is fed, a desktop as well as a sensor; Darwin Streaming Server asks for a password in its
own realm. So when the same answer names the software that gave it (a sign that types it ``not_camera``: its
Server header, its default realm, a desktop or game-streaming session, a relay's method list), those hints are
what that software does, not evidence against it: they are set aside for the type decision, and only signs
that belong to cameras (a maker's name or model, a maker's stream path or realm, a camera SDK's session
name) can outweigh the software sign.

A camera whose firmware embeds such a server keeps its type: AXIS OS answers ``Server: GStreamer RTSP server``
beside its own stream path ``/axis-media/media.amp`` and realm ``AXIS_<MAC>``, and those signs win; once they
make the device a video device, the hints count again, as they would without the software sign. Only
hints of the same answer (one reply, one port) are set aside: a media server on one port says nothing about
what answers on another.
"""

from __future__ import annotations

from collections.abc import Sequence

from camaudit.model import DeviceType, Evidence

#: Hints read from an RTSP answer that every streaming server gives as readily as a camera: they say "a
#: stream server answered", not which kind (layers/device_words.yaml). Camera-specific RTSP signs (a
#: ``DevCaps`` header with infrared LEDs, a maker's session name or stream path) are not here.
GENERIC_RTSP_HINTS = frozenset(
    {
        "words.rtsp-answered",
        "words.rtsp-viewing-methods",
        "words.rtsp-described-video",
        "words.rtsp-protected-stream",
        # A Server-less session or description answer on port 554 (layers/rtsp_shapes.yaml): as generic as the rest.
        "rtsp_shapes.camera-stack.bare-session-answer",
        "rtsp_shapes.camera-stack.bare-description-answer",
    }
)
#: Software signs of stacks that camera firmware embeds as well as computers do: named on an RTSP answer they
#: explain its generic hints (above) but are no evidence that the device is NOT a camera. gst-rtsp-server answers
#: for AXIS OS cameras (github:AxisCommunications/media-stream-library-js, its recorded RTSP sessions) as for
#: Raspberry Pi streamers and relays (rapid7/recog's rtsp_servers.xml files it under non-camera servers): alone it
#: leaves the type unknown. The ids are rules of layers/device_words.yaml (a test checks they exist).
EMBEDDED_STACK_SIGNS = frozenset({"words.not-camera.gstreamer-server"})
#: The reply group of RTSP answers (``resolve.reply_group``): fields ``rtsp.*``.
_RTSP_PREFIX = "rtsp."
_NOT_CAMERA = DeviceType.NOT_CAMERA.value


def explained_hints(evidence: Sequence[Evidence]) -> tuple[Evidence, ...]:
    """The generic RTSP hints in ``evidence`` that a software sign of the same RTSP answer explains.

    A software sign is evidence read from an RTSP answer (``rtsp.*``) that types the device ``not_camera``;
    a hint is explained when it comes from the same answer (RTSP, same port). Empty when there is no such
    sign, which is the cheap common case: one pass over the evidence, no allocation.
    """
    software_ports: set[int | None] | None = None
    for ev in evidence:
        if ev.asserts.get("device_type") == _NOT_CAMERA and ev.field.startswith(_RTSP_PREFIX):
            if software_ports is None:
                software_ports = set()
            software_ports.add(ev.port)
    if software_ports is None:
        return ()
    return tuple(
        ev
        for ev in evidence
        if ev.rule_id in GENERIC_RTSP_HINTS and ev.field.startswith(_RTSP_PREFIX) and ev.port in software_ports
    )


def only_embedded_stacks(evidence: Sequence[Evidence]) -> tuple[str, ...]:
    """The embedded stacks' rule ids when they are all that says ``not_camera`` in ``evidence``; else empty.

    A device typed "not a camera" only by such a sign (or by the absence of video evidence beside it) is of
    unknown type: the stack runs on cameras too (:data:`EMBEDDED_STACK_SIGNS`).
    """
    stacks: list[str] = []
    for ev in evidence:
        if ev.asserts.get("device_type") == _NOT_CAMERA:
            if ev.rule_id not in EMBEDDED_STACK_SIGNS:
                return ()
            stacks.append(ev.rule_id)
    return tuple(dict.fromkeys(stacks))
