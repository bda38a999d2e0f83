"""WS-Discovery answers shared by the discovery, passive and scan tests."""

from __future__ import annotations

# A ProbeMatch in the layout of Dahua's ONVIF server (`standalone="yes"`, SOAP 1.2's encoding `sc` declared before the
# envelope's own `s`, then dn, tds, d, a): the layout layers/onvif_answers.yaml's dahua-stack-encoding-first cites, as
# Amcrest (Dahua-made) discovery answers quoted in public ONVIF client tests carry it. Written for these tests: the
# identifiers, scopes and documentation address are invented, and no scope names a maker or a model.
DAHUA_LAYOUT_MATCH = (
    b'<?xml version="1.0" encoding="utf-8" standalone="yes" ?><s:Envelope xmlns:sc="http://www.w3.org/2003/05/soap-'
    b'encoding" xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:dn="http://www.onvif.org/ver10/network/wsdl" '
    b'xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" '
    b'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"><s:Header><a:MessageID>uuid:6b1f0c2e-9d4a-4c3b-8e7f-'
    b"7d0c5b1e9a44</a:MessageID><a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To><a:Action>"
    b"http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</a:Action></s:Header><s:Body><d:ProbeMatches>"
    b"<d:ProbeMatch><a:EndpointReference><a:Address>uuid:6b1f0c2e-9d4a-4c3b-8e7f-7d0c5b1e9a44</a:Address>"
    b"</a:EndpointReference><d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types><d:Scopes>"
    b"onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/type/Network_Video_Transmitter</d:Scopes>"
    b"<d:XAddrs>http://192.0.2.108/onvif/device_service</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion>"
    b"</d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>"
)
DAHUA_LAYOUT_TABLE = (
    "sc=http://www.w3.org/2003/05/soap-encoding\ns=http://www.w3.org/2003/05/soap-envelope\n"
    "dn=http://www.onvif.org/ver10/network/wsdl\ntds=http://www.onvif.org/ver10/device/wsdl\n"
    "d=http://schemas.xmlsoap.org/ws/2005/04/discovery\na=http://schemas.xmlsoap.org/ws/2004/08/addressing"
)
