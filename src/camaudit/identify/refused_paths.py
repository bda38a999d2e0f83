"""The path an embedded web server's refusal page names: the derived field ``http.refused_path``.

A 401 or 403 page of the small web servers that device firmware embeds repeats the path it refused, in the
server's own sentence. A path the device guards behind its login is one it serves: a refused
``/cgi-bin/viewer/getparam.cgi`` is a Vivotek camera's URL command as surely as a link to it on the camera's
page, so the path is read where the path conventions (``layers/paths.yaml``, field group ``@url``) read
redirects and page links. The sentences, from each server's source:

* Boa (0.92-0.94, ``src/response.c`` ``send_r_unauthorized`` / ``send_r_forbidden``; the same text in the Boa
  builds of camera, router and printer firmware): ``Your client does not have permission to get URL <uri>
  from this server.`` -- a camera's copy quoted in github:HarlemSquirrel/python-vivotek/tests/fixtures/
  vcr_cassettes/vivotek_camera_get_param_invalid_credentials.yaml@ed1b7786a819;
* thttpd and mini_httpd (``libhttpd.c`` / ``mini_httpd.c``, ``err401form`` and ``err403form``): ``Authorization
  required for the URL '<url>'.`` and ``You do not have permission to get URL '<url>' from this server.``;
* GoAhead 2.x (``webs.c`` ``websError``): ``Access Error: Unauthorized ... when trying to obtain <b><url></b>``;
* Apache 1.3-2.2 (the stock 403 page): ``You don't have permission to access <uri> on this server.``
* Embedthis Appweb 3 (``src/http/pipeline.c`` ``maMatchHandler``), on a 405: ``Requested method GET not supported
  for URL: <url>``. Appweb's catch-all file handler takes GET and HEAD anywhere, so a GET or HEAD refused this way
  fell in a location block the firmware configured with handlers of its own (Hikvision's App-webs is Appweb 3:
  its PSIA/ISAPI trees): a path the device's API serves, if not by that method. Other methods (a PUT, a POST to a
  static tree) say nothing of the path and are not read. The page is Appweb 3's error template ("Access Error:
  405 -- Method Not Allowed"), and an answer a client kept without its head (``banner``) is read when that
  heading opens it.

Only these sentences, only on a 401 or 403 answer (a 405 for Appweb's), and only a path the server wrote after
them: a 404 page echoes whatever was asked for (it says the path is *not* there), and a cloud front end's
``... get URL <code>/x</code> from this server`` (Google's) wraps the path in markup no embedded server writes.
The server itself names no maker and types nothing: Boa, GoAhead and Appweb run in routers too. What the refused
path says is left to the path conventions, which carry their own sources and counter-examples.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: The derived field's name (declared in :mod:`camaudit.fields`, member of the ``@url`` group).
FIELD = "http.refused_path"
#: Statuses whose page says "this exists and is guarded".
_REFUSALS = frozenset({"401", "403"})
#: Appweb 3's "this location does not take that method" (MPR_HTTP_CODE_BAD_METHOD).
_METHOD_REFUSED = "405"
#: The heading Appweb 3's error template writes for it; it opens an answer kept without its head.
APPWEB_405_HEADING = "Access Error: 405 -- Method Not Allowed"
#: How far into a head-less answer the heading may start (after Appweb's <!DOCTYPE>, <html> and <title>).
_HEADING_CHARS = 256
#: The sentence is near the top of a stock error page: read only this much of the body.
SCAN_CHARS = 2048
_PATH = r"(/[^\s<>\"']{0,200})"
_SENTENCE = re.compile(
    r"does not have permission to get URL " + _PATH + r" from this server"
    r"|Authorization required for the URL '" + _PATH + r"'"
    r"|You do not have permission to get URL '" + _PATH + r"' from this server"
    r"|when trying to obtain <b>" + _PATH + r"</b>"
    r"|You don't have permission to access " + _PATH + r"\s{1,4}on this server"
)
_APPWEB_METHOD_SENTENCE = re.compile(r"Requested method (?:GET|HEAD) not supported for URL: " + _PATH)


def _first_path(sentence: re.Pattern[str], text: str) -> str | None:
    found = sentence.search(text, 0, SCAN_CHARS)
    if found is None:
        return None
    return next(group for group in found.groups() if group is not None)


def refused_path(fields: Mapping[str, str]) -> str | None:
    """The path a 401/403 refusal page (or Appweb's 405 page) of an embedded web server names, or ``None``."""
    status = fields.get("http.status")
    if status is None:
        banner = fields.get("banner")
        if banner and banner.find(APPWEB_405_HEADING, 0, _HEADING_CHARS) >= 0:
            return _first_path(_APPWEB_METHOD_SENTENCE, banner)
        return None
    if status in _REFUSALS:
        sentence = _SENTENCE
    elif status == _METHOD_REFUSED:
        sentence = _APPWEB_METHOD_SENTENCE
    else:
        return None
    body = fields.get("http.body")
    return _first_path(sentence, body) if body else None


def with_refused_path(fields: Mapping[str, str]) -> Mapping[str, str]:
    """``fields`` plus ``http.refused_path`` when a refusal page names one (``fields`` itself otherwise).

    Costs one dictionary lookup for an HTTP answer that is not a 401, 403 or 405, and one more plus a search of
    a head-less answer's first 256 characters for every other observation.
    """
    if FIELD in fields:
        return fields
    path = refused_path(fields)  # settles any other answer by its status (or a missing banner) first
    if path is None:
        return fields
    return {**fields, FIELD: path}
