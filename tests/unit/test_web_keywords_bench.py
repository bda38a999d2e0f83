"""bench/web_keywords.py: the blind web-keyword list stays blind, and the bench builds the reply the table's rule reads.

The list (tests/data/devwebkeys_blind.jsonl) measures how camaudit reads web-UI keywords on a fingerprint table no
entry was written from; the moment a rule cites it (or a table of the same lineage), its figure measures memory. The
rows built in the tests below are invented for them.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.bench_module import bench_module
from tests.blind_lists import held_out_labels_citing, keys_of, rules_citing, write_list

web_keywords = bench_module("web_keywords")
#: The blind table and the tables of its lineage (their rule names match one for one): none may be written from.
LINEAGE = {"zhzyker/dismap", "0x727/fingerprinthub", "emo-crab/observer_ward", "0x727/observerward"}


def _list_keys() -> set[str]:
    return keys_of(row.source for row in web_keywords.read_list(web_keywords.LIST))


def test_the_blind_list_names_its_public_table_and_says_its_replies_are_synthetic() -> None:
    rows = web_keywords.read_list(web_keywords.LIST)
    assert sum(row.video for row in rows) >= 200 and sum(not row.video for row in rows) >= 150
    assert all(row.source.startswith("github:") and "@" in row.source for row in rows)
    assert all(row.kind in ("body", "header") and row.keyword for row in rows)
    assert _list_keys() <= LINEAGE
    about = json.loads(web_keywords.LIST.read_text(encoding="utf-8").splitlines()[0])["_about"]
    assert "SYNTHETIC" in about and "not a capture" in about


def test_no_rule_or_layer_entry_cites_the_blind_table_or_its_lineage() -> None:
    citing = rules_citing(LINEAGE)
    assert not citing, "\n".join(citing)


def test_no_held_out_batch_cites_the_blind_table() -> None:
    shared = held_out_labels_citing(LINEAGE)
    assert not shared, "\n".join(shared)


def test_a_header_keyword_becomes_the_header_line_the_rule_reads() -> None:
    assert web_keywords.header_line('realm="tv7230') == (401, 'WWW-Authenticate: Basic realm="tv7230"')
    assert web_keywords.header_line('digest realm="net-i", nonce') == (
        401,
        'WWW-Authenticate: Digest realm="net-i", nonce',
    )
    assert web_keywords.header_line(' realm="tv-') == (401, 'WWW-Authenticate: Basic realm="tv-"')
    assert web_keywords.header_line("server: avtech/") == (200, "server: avtech/")
    assert web_keywords.header_line("p3p: cp=cao psa our") == (200, "p3p: cp=cao psa our")
    assert web_keywords.header_line("ecor264") == (200, "Server: ecor264")


def test_a_body_keyword_is_the_page_and_a_header_keyword_has_no_page() -> None:
    page = web_keywords.banner(web_keywords.Row("p", "body", "tdvideo.css", None, True, "s"), 0)
    assert page["http"] == {"status": 200, "html": "<html><head></head><body>\ntdvideo.css\n</body></html>"}
    head = web_keywords.banner(web_keywords.Row("p", "header", 'realm="nvr516', None, True, "s"), 1)
    assert head["data"].startswith('HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="nvr516"\r\n')
    assert "html" not in head["http"]


def _write(tmp_path: Path, rows: list[dict[str, object]]) -> Path:
    return write_list(tmp_path, rows, about="test rows", source="github:o/r/f@1")


def test_a_maker_named_for_another_maker_is_counted_wrong_and_post_hoc_rows_apart(tmp_path: Path, capsys) -> None:
    # Hikvision's realm filed under Dahua: camaudit names Hikvision, which the bench must call a wrong maker. The
    # post-hoc row is Axis's own header, named right, and must not enter the blind figure.
    listed = _write(
        tmp_path,
        [
            {"product": "x", "kind": "header", "keyword": 'realm="hikvision', "maker": "dahua", "video": True},
            {
                "product": "y",
                "kind": "header",
                "keyword": "axis-setup: vapix",
                "maker": "axis",
                "video": True,
                "posthoc": "written beside",
            },
            {"product": "z", "kind": "body", "keyword": "router management", "maker": None, "video": False},
        ],
    )
    assert web_keywords.main(["--list", str(listed)]) == 1
    out = capsys.readouterr().out
    assert "blind rows: maker named 0/1," in out and "WRONG maker 1," in out
    assert "post-hoc header" in out and "non-video typed video 0/1" in out


def test_by_sign_groups_rows_by_what_the_rule_reads(tmp_path: Path, capsys) -> None:
    # --by-sign says where a table's camera rules sit (a realm, a Server value, a page's title, its assets, its
    # script), so a figure can be read against the layer that reads that kind of sign.
    cases = {
        'realm="tv7230': "realm",
        'www-authenticate: basic realm="nvr516': "realm",
        "server: avtech/": "server",
        "set-cookie: dvr_session=": "other header",
        "<title>netdvrv3</title>": "title",
        "<TITLE>Web Service</TITLE>": "title",
        "/doc/script/inc.js": "asset or path",
        "var szproductbrand = 'x'": "script or markup",
        "acti corporation all rights reserved": "page text",
    }
    for keyword, expected in cases.items():
        kind = "header" if expected in ("realm", "server", "other header") else "body"
        row = web_keywords.Row("p", kind, keyword, None, True, "github:x/y@0")
        assert web_keywords.sign(row) == expected, keyword
    listed = _write(
        tmp_path,
        [
            {"product": "a", "kind": "header", "keyword": 'realm="hikvision', "maker": "hikvision", "video": True},
            {"product": "b", "kind": "body", "keyword": "<title>NetDvrV3</title>", "maker": None, "video": True},
        ],
    )
    assert web_keywords.main(["--list", str(listed), "--by-sign"]) == 0
    out = capsys.readouterr().out
    assert "  realm " in out and "  title " in out and "  header " not in out


def test_as_page_places_each_keyword_shape_where_a_real_page_holds_it() -> None:
    # One invented keyword per shape of the module docstring's rules: the element that would load a path, the element
    # an attribute belongs to, a start tag's missing "<", an element's tail, script, text; open quotes closed.
    place = web_keywords.place
    assert place("/doc/script/app.js") == ("", '<script src="/doc/script/app.js"></script>')
    assert place("ui/skin.css") == ("", '<link rel="stylesheet" href="ui/skin.css">')
    assert place("viewerx.cab") == ("", '<object codebase="viewerx.cab"></object>')
    assert place("img/brand.png") == ("", '<img src="img/brand.png">')
    assert place("setup_player.exe") == ("", '<a href="setup_player.exe"></a>')
    assert place("cgi-bin/status?page=top") == ("", '<a href="cgi-bin/status?page=top"></a>')
    assert place("url=/live/index.html") == ('<meta http-equiv="refresh" content="0; url=/live/index.html">', "")
    assert place('id="x1" classid="clsid:0000') == ("", '<object id="x1" classid="clsid:0000"></object>')
    assert place('src="js/main.js') == ("", '<script src="js/main.js"></script>')
    assert place('href="/x/theme.css"') == ("", '<link href="/x/theme.css">')
    assert place('pluginspage="p.exe" type="application/x-p"') == (
        "",
        '<embed pluginspage="p.exe" type="application/x-p">',
    )
    assert place('content="acme web') == ("", '<meta content="acme web">')
    assert place('footer">acme ltd') == ("", '<span class="footer">acme ltd')
    assert place("nowrap>acme 100</td>") == ("", "<td nowrap>acme 100</td>")
    assert place("(acme-100)</title>") == ("<title>(acme-100)</title>", "")
    assert place("object id=p classid=clsid") == ("", "<object id=p classid=clsid>")
    assert place('<form action="/login') == ("", '<form action="/login">')
    assert place('<meta name="author" content="acme') == ('<meta name="author" content="acme">', "")
    assert place("var sbrand = 'acme'") == ("", "<script>var sbrand = 'acme'</script>")
    assert place('window.location.href = "main.html";') == ("", '<script>window.location.href = "main.html";</script>')
    assert place("acme(r) all rights reserved") == ("", "<script>acme(r) all rights reserved</script>")
    assert place("copyright &copy; acme") == ("", "<p>copyright &copy; acme</p>")
    assert place("window.acmeconfig.version") == ("", "<p>window.acmeconfig.version</p>")
    assert place("acme web client") == ("", "<p>acme web client</p>")
    assert web_keywords.page("acme") == '<html><head><meta charset="utf-8"></head><body>\n<p>acme</p>\n</body></html>'


def test_as_page_reads_a_path_as_the_link_the_page_makes(tmp_path: Path, capsys) -> None:
    # A maker's stream path written as the page's text is prose; as the target of a link it is the device's own URL,
    # which the paths layer reads. The empty shell itself must stay untyped and unnamed.
    rows = [
        web_keywords.Row("p", "body", "/cam/realmonitor?channel=1", "dahua", True, "s"),
        web_keywords.Row("q", "body", "", None, False, "s"),
    ]
    whole, placed = web_keywords.identify(rows), web_keywords.identify(rows, as_page=True)
    assert not whole[0].get("manufacturer") and placed[0].get("manufacturer") == "dahua"
    assert placed[1].get("device_type") == "not_camera" and not placed[1].get("manufacturer")
    listed = _write(
        tmp_path,
        [{"product": "d", "kind": "body", "keyword": "/cam/realmonitor?channel=1", "maker": "dahua", "video": True}],
    )
    assert web_keywords.main(["--list", str(listed), "--as-page"]) == 0
    out = capsys.readouterr().out
    assert "placed in a page (--as-page)" in out and "blind rows: maker named 1/1, typed video 1/1," in out
    assert web_keywords.main(["--list", str(listed)]) == 0
    assert "blind rows: maker named 0/1, typed video 0/1," in capsys.readouterr().out
