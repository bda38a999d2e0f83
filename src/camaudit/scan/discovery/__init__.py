"""Multicast and broadcast discovery (WS-Discovery, SADP, DHIP, XMEye, SSDP), out of named interfaces only."""
