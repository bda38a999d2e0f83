"""Consumer and cloud camera families read by what they put on the wire (``layers/consumer_cloud.yaml``).

TP-Link's camera family answers its app login with a challenge (nonce and device_confirm in result.data) and
serves its stream on port 8800 behind a Digest challenge carrying its own ``encrypt_type``; TP-Link's plugs
answer the same family's API with a handshake key instead, and its routers with a top-level nonce.

Fixtures are written from what the public clients cited in the layer read (go2rtc's Tapo client and control,
a Tapo onboarding script, PyP100); none is a capture, and none comes from a held-out source.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.model import Identity, is_video_device

_JSON_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"

#: The first answer of the encrypt_type 3 login, with the fields go2rtc's pkg/tapo/control.go reads
#: (result.data.nonce, result.data.device_confirm) and the error code the login answers before a digest.
TAPO_CHALLENGE = (
    '{"error_code":-40413,"result":{"data":{"code":-40401,"encrypt_type":["3"],"key":"c29tZWtleQ==",'
    '"nonce":"91EF05CB287811E1","device_confirm":"2CF24DBA5FB0A30E26E83B2AC5B9E29E91EF05CB287811E1"}}}'
)
#: A Tapo plug's handshake answer on HTTP /app, and its encrypted passthrough answer (PyP100's handshake()
#: reads result.key, login() result.response: fishbigger/TapoP100 PyP100/PyP100.py@c78f53afea4b).
PLUG_HANDSHAKE = '{"error_code":0,"result":{"key":"bXlrZXk="}}'
PLUG_PASSTHROUGH = '{"error_code":0,"result":{"response":"c2VjcmV0"}}'
#: A TP-Link router's get_encrypt_info answer: its nonce at the top level, no device_confirm.
ROUTER_ENCRYPT_INFO = '{"error_code":0,"nonce":"abc","key":"-----BEGIN PUBLIC KEY-----","encrypt_type":["3"]}'


def is_video(identity: Identity) -> bool:
    return identity.device_type is not None and is_video_device(identity.device_type)


def rule_ids(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence}


def test_the_tapo_login_challenge_names_tp_link_and_says_a_video_device_not_a_camera() -> None:
    identity = identify_banner(_JSON_HEAD + TAPO_CHALLENGE, 443, "192.0.2.80")
    assert identity.manufacturer == "tp-link" and identity.brand == "tp-link", identity.attribution
    # Tapo's camera hubs and its Wi-Fi lock answer the same login: a video device, never "camera" from it alone.
    assert identity.device_type is not None and identity.device_type.value == "video_device", identity.attribution
    assert "consumer.tapo.secure-login-video" in rule_ids(identity)


def test_the_challenge_kept_without_its_head_reads_the_same() -> None:
    identity = identify_banner(TAPO_CHALLENGE, 443, "192.0.2.81")
    assert identity.manufacturer == "tp-link" and is_video(identity), identity.attribution


def test_tp_links_plugs_and_routers_answering_the_same_family_of_api_are_not_video_devices() -> None:
    for body in (PLUG_HANDSHAKE, PLUG_PASSTHROUGH, ROUTER_ENCRYPT_INFO):
        identity = identify_banner(_JSON_HEAD + body, 80, "192.0.2.82")
        assert not is_video(identity), (body, identity.attribution)
        assert identity.manufacturer is None and identity.brand is None, (body, identity.attribution)


def stream_port(headers: str) -> Identity:
    return identify_banner(headers + "\r\n", 8800, "192.0.2.83")


def test_the_stream_ports_digest_challenge_with_tp_links_encrypt_type_names_tp_link() -> None:
    # The header go2rtc's pkg/tapo/client.go parses for realm, nonce, qop and encrypt_type="3".
    identity = stream_port(
        'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm="TP-Link", nonce="0a1b2c3d4e5f", '
        'qop="auth", encrypt_type="3"\r\n'
    )
    assert identity.manufacturer == "tp-link" and is_video(identity), identity.attribution


def test_an_ordinary_digest_challenge_on_the_same_port_names_nobody() -> None:
    identity = stream_port(
        'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm="Login", nonce="0a1b2c3d4e5f", qop="auth"\r\n'
    )
    assert identity.manufacturer is None and identity.brand is None, identity.attribution


def test_the_stream_answers_key_exchange_header_names_tp_link() -> None:
    identity = stream_port(
        "HTTP/1.1 200 OK\r\nContent-Type: multipart/mixed;boundary=--device-stream-boundary--\r\n"
        'Key-Exchange: username="admin" nonce="6c3e2f1a"\r\n'
    )
    assert identity.manufacturer == "tp-link" and is_video(identity), identity.attribution
    assert "consumer.tapo.stream-key-exchange" in rule_ids(identity)


#: Pieces of the shapes above and JSON/JavaScript punctuation, to build hostile near-misses from.
FRAGMENTS = st.sampled_from(
    [
        '"result":{',
        '"data":{',
        '"device_confirm":"',
        '"nonce":"',
        "encrypt_type=",
        '"3"',
        "Digest ",
        "{",
        "}",
        '"',
        " ",
        "\n",
        "\x00",
        "tp-link",
        "Hikvision",
    ]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(FRAGMENTS, max_size=40), st.text(max_size=60))
def test_hostile_near_misses_never_raise_and_name_no_other_maker(parts: list[str], noise: str) -> None:
    text = "".join(parts) + noise
    for stored in (text, _JSON_HEAD + text):
        identity = identify_banner(stored, 443, "192.0.2.85")
        fired = {r for r in rule_ids(identity) if r.startswith("consumer.")}
        if "device_confirm" not in text:
            assert "consumer.tapo.secure-login-video" not in fired


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["L"], exclude_characters='{}"'), max_size=80))
def test_the_challenge_inside_any_letter_and_brace_free_text_still_names_only_tp_link(around: str) -> None:
    identity = identify_banner(around + TAPO_CHALLENGE + around, 443, "192.0.2.86")
    assert "consumer.tapo.secure-login-video" in rule_ids(identity)
    assert identity.manufacturer in (None, "tp-link") and identity.brand in (None, "tp-link")
