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

# The answer may come from the device's P2P session socket rather than from 32108: the clients keep the port the
# device's PUNCH_PKT and P2P_RDY came from and talk to it there (github:datenstau/A9_PPPP/pppp.js@1721a3099347:
# rinfo.port; pppp-dissector PPPP.md: "the UDP port and IP address that the respective punch packet was sent from"),
# and lansearch.py reads answers on an unconnected socket. So the probe hears the host on any port.
probe_p2p = udp_query("p2p", pppp.build_probe, pppp.parse_reply, any_port=True)

PROBES = (Probe("p2p", probe_p2p, udp_port=pppp.P2P_PORT, disabled_by=NO_P2P.name, options=(NO_P2P,)),)
