"""One reply's two readings of one fact count once: a form that only restates what the reply itself says is set aside.

Some entries read a reply's wrapping because the collector often keeps nothing else: an RTSP answer's head that says
"here is a stream description" (``Content-Type: application/sdp`` among RFC 2326's own headers,
``rtsp_shapes.camera-stack.bare-description-answer``) stands for the description a client log or a head-only collector
left out. When the description was kept, the entries that read it (``words.rtsp-described-video``, an audio-only
description's ``sdp.not-camera.audio-only``, a maker's session name) say the same thing better, and the head's form
only restates it: counted beside them it would be a second sign where the reply gave one (the resolver corroborates
signs of different kinds), raising a described stream's weak type from 0.35 to 0.5 (helper-222's measurement,
docs/identification/rtsp-sdp.md). So a restating form is set aside for the decision whenever evidence of the same
reply (same port) was read from the field it stands for; it is still shown with the identity's evidence.

The table is small on purpose: a form belongs here only when it reads a stand-in for a field another entry reads
directly. Readings of two different parts of one reply that each say something of their own (a ``Server`` header and
a session name) are not restatements: the resolver's one-reply rules already weigh them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from camaudit.model import Evidence

#: A rule id, and the fields (prefixes) whose own reading, in the same reply, it only restates. The ids are rules of
#: the layers (a test checks they exist).
RESTATED_BY: Mapping[str, tuple[str, ...]] = {
    # A DESCRIBE answer's head, read where the description was not kept; the kept description is read for itself.
    "rtsp_shapes.camera-stack.bare-description-answer": ("rtsp.sdp",),
}


def restatements(evidence: Sequence[Evidence]) -> tuple[Evidence, ...]:
    """The pieces of ``evidence`` that only restate what other evidence of the same reply read (:data:`RESTATED_BY`).

    Same reply means the same port; empty when nothing restates, which is the common case: one pass over the
    evidence and a dictionary look-up per piece.
    """
    restating: list[Evidence] = []
    for ev in evidence:
        fields = RESTATED_BY.get(ev.rule_id)
        if fields is not None and any(
            other is not ev and other.port == ev.port and other.field.startswith(fields) for other in evidence
        ):
            restating.append(ev)
    return tuple(restating)
