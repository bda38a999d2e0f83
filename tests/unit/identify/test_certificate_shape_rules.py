"""The certificate's shape fields are matcher fields: a rule on validity, serial, key or signature is matched in the
same one pass as any other, with the same spelling whether the certificate came from a scan's DER or Zeek's x509.log.

No packaged rule reads them yet (docs/identification/certificates.md, "Certificates from Zeek logs, a third firmware key,
and the factory conventions looked for"); these rules are written here for the test only.
"""

from __future__ import annotations

import pytest
from tests.unit.assess.test_shared_key_certificates import UNIVIEW_PEM

from camaudit.identify import RuleSet, load_ruleset
from camaudit.passive.certificates import x509_fields
from camaudit.protocols.certificate import certificate_fields, pem_der

# One rule per shape field, each on a value the Uniview certificate (tests/unit/assess) carries.
_RULES = """rules:
""" + "".join(f"""  - id: test.shape.{name}
    field: tls.{name}
    pattern: '{pattern}'
    asserts: {{device_type: video_device}}
    certainty: 0.5
    source: "written for this test"
    checked: 2026-12-05
    examples: ['{example}']
    counter_examples: ['{counter}']
""" for name, pattern, example, counter in (
    ("not_before", "^2018-08-28T", "2018-08-28T08:20:22Z", "2019-08-28T08:20:22Z"),
    ("not_after", "^2021-08-27T08:20:22Z$", "2021-08-27T08:20:22Z", "2021-08-27T08:20:23Z"),
    ("serial", "^6$", "6", "66"),
    ("key_type", "^rsa$", "rsa", "ec"),
    ("key_bits", "^2048$", "2048", "4096"),
    ("signature", "^sha256-rsa$", "sha256-rsa", "sha1-rsa"),
    ("self_signed", "^false$", "false", "true"),
))


@pytest.fixture(scope="module")
def shape_rules(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    path = tmp_path_factory.mktemp("rules") / "shape.yaml"
    path.write_text(_RULES)
    return load_ruleset([path])


def _matched(rules: RuleSet, fields: dict[str, str]) -> set[str]:
    return {ev.rule_id for ev in rules.match_fields(fields, port=443, protocol="tls")}


EVERY_RULE = {f"test.shape.{name}" for name in
              ("not_before", "not_after", "serial", "key_type", "key_bits", "signature", "self_signed")}


def test_each_shape_field_is_matched_from_the_certificates_der(shape_rules: RuleSet) -> None:
    der = pem_der(UNIVIEW_PEM)
    assert der is not None
    assert _matched(shape_rules, certificate_fields(der)) == EVERY_RULE


def test_the_same_rules_match_the_certificate_as_zeek_logs_it(shape_rules: RuleSet) -> None:
    # Zeek's spellings (upper-case hex serial with its leading zero, epoch seconds, OpenSSL's algorithm names).
    fields = x509_fields({
        "fingerprint": "2bfce257c962e88373e76a07c2ec9eb52a8cad2bc6f5654ad0ffd2de23bd344c",
        "certificate.serial": "06",
        "certificate.subject": "CN=cn.uniview.com,OU=uniview,O=uniview,ST=ZheJiang,C=CN",
        "certificate.issuer": "CN=cn.uniview.com,OU=uniview,O=uniview,L=HangZhou,ST=ZheJiang,C=CN",
        "certificate.not_valid_before": "1535444422.000000", "certificate.not_valid_after": "1630052422.000000",
        "certificate.key_alg": "rsaEncryption", "certificate.key_type": "rsa", "certificate.key_length": "2048",
        "certificate.sig_alg": "sha256WithRSAEncryption",
    })
    assert _matched(shape_rules, fields) == EVERY_RULE


def test_another_certificates_shape_matches_none(shape_rules: RuleSet) -> None:
    fields = {"tls.not_before": "2024-01-01T00:00:00Z", "tls.not_after": "2034-12-31T23:59:59Z", "tls.serial": "1",
              "tls.key_type": "ec", "tls.key_bits": "256", "tls.signature": "sha256-ecdsa", "tls.self_signed": "true"}
    assert _matched(shape_rules, fields) == set()
