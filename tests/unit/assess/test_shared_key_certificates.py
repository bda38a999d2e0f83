"""A certificate whose private key a public analysis published is a shared key wherever it is seen: a scan, an
importer, or Zeek's x509.log.

The Uniview certificate is the real one: the certificate half of the ``ssl_cert.pem`` a Digital Ally ThermoVu DTM-600
(Uniview's OET-213H-NB) exported in its diagnostics, as published in
github:GainSec/DigitalAlly-ThermoVu-Uniview-Security-Research (evidence/dtm-600/diag_extracted/config/ssl_cert.pem
@583fc6bead63). Its private key is in the same public file; it is not copied here.
"""

from __future__ import annotations

from camaudit.assess import assess
from camaudit.identify import identify
from camaudit.identify.facts import device_facts
from camaudit.model import Finding, Observation
from camaudit.passive.certificates import x509_fields
from camaudit.protocols.certificate import certificate_fields, pem_der

UNIVIEW_PEM = """-----BEGIN CERTIFICATE-----
MIIDYjCCAkqgAwIBAgIBBjANBgkqhkiG9w0BAQsFADBwMQswCQYDVQQGEwJDTjER
MA8GA1UECAwIWmhlSmlhbmcxETAPBgNVBAcMCEhhbmdaaG91MRAwDgYDVQQKDAd1
bml2aWV3MRAwDgYDVQQLDAd1bml2aWV3MRcwFQYDVQQDDA5jbi51bml2aWV3LmNv
bTAeFw0xODA4MjgwODIwMjJaFw0yMTA4MjcwODIwMjJaMF0xCzAJBgNVBAYTAkNO
MREwDwYDVQQIDAhaaGVKaWFuZzEQMA4GA1UECgwHdW5pdmlldzEQMA4GA1UECwwH
dW5pdmlldzEXMBUGA1UEAwwOY24udW5pdmlldy5jb20wggEiMA0GCSqGSIb3DQEB
AQUAA4IBDwAwggEKAoIBAQC7A2in2T1mbfd+bv2+LkP0MN2J3ta4mWmg7WT0EIEc
Khp6CacLBsrpZ8rPIaMLC657c6tOawbUTrMre4tup0fevZO8O9KU0f2nVsat5se0
bH1zVoVjWfYLmqwXndqo5nb4qdpxA3/DVvCeyKSnhMt4cTtc6ebTbQq0IGHVAwN8
L9o38Rlz60Qz+kdbUnUkib44ApCyxhxqI4zuB1kot0j7kosDK6bnPxJXdPHSJ+Tk
9CHrkyc/2HH7FL+AiA1d5SPZ5d2616kFghO1hcEOxbkBaXBb0yNdHU/vCK+qQjlP
r0OkxUW+SW31zf8mJLRdik8k8gD0Ju2RRwzpyj1KEdRZAgMBAAGjGjAYMAkGA1Ud
EwQCMAAwCwYDVR0PBAQDAgXgMA0GCSqGSIb3DQEBCwUAA4IBAQAjB1sdgO86m/FY
w3kJXO1dcDIYJbrucEXA/M2X5oU0TVNJNIBuk1k+8C/OEeccJb2WL99UpIld6X7a
RZoYct44QFcBb1HK5G+7V51n/EdFEqREEShbdNdrO6GStjAr3fKmNKPIGYSEd7fY
0elwvsMpDQnsgIZ63fyAOIERI+aF7AdjVXd9NyhN5qMQ1fM72rsG4v3Y5kOgnoF3
9U2fIhQ5Qi6gTvWvrap9V1xYb+IC3OaxJxzfo6zXnei4avFpTRo/t3goyBEvId+R
Mo1oIhZp0Ao5A+VZMlEm5x5gFmTW3xsNmxo6L5WbpCBMYZFJU+AFvGnJ2lZ6LWft
yMmY1s8u
-----END CERTIFICATE-----
"""


def _findings(fields: dict[str, str], source: str = "scan") -> tuple[str | None, dict[str, Finding]]:
    observation = Observation("192.0.2.60", 443, "tcp", "tls", source, "2026-12-05T00:00:00Z", fields)  # type: ignore[arg-type]
    identity = identify([observation])
    return identity.manufacturer, {f.kind: f for f in assess(identity, facts=device_facts([observation]))}


def test_the_uniview_terminal_certificate_read_from_its_pem_is_a_shared_key() -> None:
    der = pem_der(UNIVIEW_PEM)
    assert der is not None
    fields = certificate_fields(der)
    assert (fields["tls.serial"], fields["tls.not_before"], fields["tls.not_after"]) == (
        "6", "2018-08-28T08:20:22Z", "2021-08-27T08:20:22Z")
    maker, found = _findings(fields)
    assert maker == "uniview"
    shared = found["certificate-shared-key"]
    assert shared.severity == "high" and "ThermoVu DTM-600" in shared.explanation
    assert shared.details["certificates"][0]["known_as"] == "uniview-thermovu-dtm600-2018"
    # Expired in 2021 as well: seen in 2026, the certificate is past its end.
    assert "certificate-expired" in found


def test_the_same_certificate_in_zeeks_x509_log_is_the_shared_key_too() -> None:
    # As Zeek's x509.log would write it (upper-case hex serial, epoch seconds; record invented around the PEM's
    # values: 2018-08-28T08:20:22Z is 1535444422, 2021-08-27T08:20:22Z is 1630052422).
    record = {
        "id": "FUniview1", "certificate.serial": "06",
        "certificate.subject": "CN=cn.uniview.com,OU=uniview,O=uniview,ST=ZheJiang,C=CN",
        "certificate.issuer": "CN=cn.uniview.com,OU=uniview,O=uniview,L=HangZhou,ST=ZheJiang,C=CN",
        "certificate.not_valid_before": 1535444422, "certificate.not_valid_after": 1630052422,
        "certificate.key_type": "rsa", "certificate.key_length": 2048, "certificate.sig_alg": "sha256WithRSAEncryption",
    }
    maker, found = _findings(x509_fields(record), "passive")
    assert maker == "uniview" and "certificate-shared-key" in found


def test_univiews_names_with_another_serial_and_dates_are_not_the_shared_key() -> None:
    # A unit that made its own certificate under the same names holds its own key.
    der = pem_der(UNIVIEW_PEM)
    assert der is not None
    fields = dict(certificate_fields(der), **{"tls.serial": "5a17c0de", "tls.not_before": "2024-03-01T00:00:00Z",
                                              "tls.not_after": "2034-03-01T00:00:00Z"})
    _, found = _findings(fields)
    assert "certificate-shared-key" not in found


def test_the_pem_text_is_the_published_one() -> None:
    # Guard against an edit of the fixture: the SHA-256 of the DER as computed by `openssl x509 -outform der |
    # sha256sum` on the published file.
    der = pem_der(UNIVIEW_PEM)
    assert der is not None
    assert certificate_fields(der)["tls.sha256"] == (
        "2bfce257c962e88373e76a07c2ec9eb52a8cad2bc6f5654ad0ffd2de23bd344c")
