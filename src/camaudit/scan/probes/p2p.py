"""The CS2 Network PPPP / iLnkP2P LAN search (UDP 32108) sent unicast to one in-scope host.

P2P ("cloud") cameras, baby monitors and doorbells answer it with their P2P UID even when nothing else on them
answers a scan; the format is :mod:`camaudit.protocols.pppp`. ``--no-p2p`` sends none.
"""

from __future__ import annotations

from camaudit.protocols import pppp
from camaudit.scan.options import ProbeOption
from camaudit.scan.probes.base import Probe, udp_query

NO_P2P = ProbeOption(
    "no-p2p", "--no-p2p", "Send no P2P LAN search (UDP 32108) to find cloud cameras by their CS2/iLnkP2P UID."
)

probe_p2p = udp_query("p2p", pppp.build_probe, pppp.parse_reply)

PROBES = (Probe("p2p", probe_p2p, udp_port=pppp.P2P_PORT, disabled_by=NO_P2P.name, options=(NO_P2P,)),)
