"""The Kolada API v3 client: a municipality's key figures as Kolada publishes them.

``KoladaClient().fetch(kpis, municipality, years)`` asks
``<base>/data/kpi/<ids>/municipality/<kommunkod>/year/<years>`` for at most 25 ids at a time and
follows ``next_url`` (else ``next_page``: a URL, or a page number set as ``?page=N`` on the request)
until the answer names no next page. The base is the argument, else ``PLANSITE_KOLADA_URL``, else
https://api.kolada.se/v3. An answer reads::

    {"values": [{"kpi": "N31814", "municipality": "0683", "period": 2023,
                 "values": [{"gender": "T", "count": 1, "status": "", "value": 12.3}]}],
     "count": 1, "next_url": null}

Values are exact (``Decimal``, parsed from the JSON text); a null value is skipped, not zero; a row
or value marked ``isdeleted`` is dropped; a row for a kpi, municipality or year not asked for is
ignored. Each value keeps the URL of the page that produced it.

Kolada's answers are input from the network, so they are bounded: a page is at most
``max_page_bytes``, read within ``page_seconds``; a series has at most ``max_pages`` pages; a next
page or a redirect must stay on the base URL's scheme, host and port; connecting and each read wait
at most ``connect_timeout`` and ``read_timeout``. Whatever goes wrong (no network, a timeout, an
HTTP error, an answer that is not JSON or not of the documented form) is one ``KoladaError`` with a
code and parameters, whose words are ``kolada.<code>`` in the text catalogue; the whole fetch
fails, so a caller never gets half an answer.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Iterator, Mapping

from generator.i18n import texts
from generator.i18n.numbers import format_number
from generator.model.codes import Gender

DEFAULT_URL = "https://api.kolada.se/v3"
URL_VARIABLE = "PLANSITE_KOLADA_URL"
MAX_IDS = 25  # ids in one request
KPI_ID = re.compile(r"[A-Z][0-9]{5}")
MUNICIPALITY_CODE = re.compile(r"[0-9]{4}")
FIRST_YEAR, LAST_YEAR = 1900, 2100
GENDER_ORDER = {Gender.TOTAL: 0, Gender.WOMEN: 1, Gender.MEN: 2}
_CHUNK = 64 * 1024
_MAX_URL = 8000  # characters in a next_url
_MAX_STATUS = 100  # characters in a value's status


class KoladaError(Exception):
    """A fetch that failed: ``code`` picks the message (``kolada.<code>`` in the text catalogue),
    ``params`` fill it (a ``Decimal`` is written with the language's decimal mark)."""

    def __init__(self, code: str, /, **params: object):
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params

    def text(self, lang: str = texts.DEFAULT_LANGUAGE) -> str:
        params = {k: format_number(v, lang) if isinstance(v, Decimal) else v for k, v in self.params.items()}
        return texts.t(f"kolada.{self.code}", lang, **params)


@dataclass(frozen=True, slots=True)
class KoladaLimits:
    connect_timeout: float = 10.0  # seconds to connect (TLS handshake included)
    read_timeout: float = 60.0  # seconds each read may wait, the first byte of the answer included
    page_seconds: float = 300.0  # seconds to read one whole page (a server that trickles bytes)
    max_page_bytes: int = 20 * 1024 * 1024
    max_pages: int = 100  # pages in the series of one request


@dataclass(frozen=True, slots=True)
class KoladaValue:
    kpi: str
    municipality: str
    period: int
    gender: Gender
    value: Decimal
    status: str = ""
    url: str = ""  # the page that gave the value


def base_url(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The API's base: ``explicit``, else ``PLANSITE_KOLADA_URL``, else Kolada's own, without a
    trailing slash; anything but an http(s) address with a host and no query is refused."""
    env = os.environ if environ is None else environ
    text = (explicit or env.get(URL_VARIABLE, "")).strip() or DEFAULT_URL
    parts = urllib.parse.urlsplit(text)
    if (parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment
            or parts.username is not None or _origin(text) is None):
        raise KoladaError("bad-base-url", url=text[:200])
    return text.rstrip("/")


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of ``url``; None when it has no valid port."""
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), port or {"http": 80, "https": 443}.get(scheme, 0)


# The connection: a connect timeout, then a read timeout ------------------------------------------

class _ReadTimeout:
    read_timeout: float | None = None

    def connect(self) -> None:
        super().connect()  # within the request's timeout, the connect timeout
        self.sock.settimeout(self.read_timeout)


class _HTTPConnection(_ReadTimeout, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_ReadTimeout, http.client.HTTPSConnection):
    pass


def _connection(cls: type, read_timeout: float):
    def make(*args, **kwargs):
        conn = cls(*args, **kwargs)
        conn.read_timeout = read_timeout
        return conn
    return make


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, read_timeout: float):
        super().__init__()
        self.read_timeout = read_timeout

    def http_open(self, req):
        return self.do_open(_connection(_HTTPConnection, self.read_timeout), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, read_timeout: float):
        super().__init__(context=ssl.create_default_context())
        self.read_timeout = read_timeout

    def https_open(self, req):
        return self.do_open(_connection(_HTTPSConnection, self.read_timeout), req, context=self._context)


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, origin: tuple[str, str, int], host: str):
        self.origin, self.host = origin, host

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if _origin(newurl) != self.origin:
            raise KoladaError("foreign-url", url=newurl[:200], host=self.host)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


# The client ---------------------------------------------------------------------------------------

class KoladaClient:
    def __init__(self, url: str | None = None, *, limits: KoladaLimits = KoladaLimits(),
                 environ: Mapping[str, str] | None = None):
        self.base = base_url(url, environ)
        self.origin = _origin(self.base)
        self.host = urllib.parse.urlsplit(self.base).netloc
        self.limits = limits
        self._opener = urllib.request.build_opener(
            _HTTPHandler(limits.read_timeout), _HTTPSHandler(limits.read_timeout),
            _SameOriginRedirects(self.origin, self.host))

    def data_url(self, kpis: Iterable[str], municipality: str, years: Iterable[int]) -> str:
        return (f"{self.base}/data/kpi/{','.join(kpis)}/municipality/{municipality}"
                f"/year/{','.join(str(y) for y in years)}")

    def fetch(self, kpis: Iterable[str], municipality: str, years: Iterable[int]) -> tuple[KoladaValue, ...]:
        """Every value Kolada has for ``kpis`` × ``municipality`` × ``years``, sorted by kpi, year
        and gender (T, K, M); one request per 25 ids, each followed to its last page."""
        ids = sorted(set(kpis))
        for kpi in ids:
            if not isinstance(kpi, str) or not KPI_ID.fullmatch(kpi):
                raise KoladaError("bad-kpi", kpi=str(kpi)[:40])
        if not isinstance(municipality, str) or not MUNICIPALITY_CODE.fullmatch(municipality):
            raise KoladaError("bad-municipality", municipality=str(municipality)[:40])
        wanted_years = sorted(set(years))
        for year in wanted_years:
            if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
                raise KoladaError("bad-year", year=str(year)[:40])
        found: dict[tuple[str, int, Gender], KoladaValue] = {}
        for start in range(0, len(ids) if wanted_years else 0, MAX_IDS):
            chunk = ids[start:start + MAX_IDS]
            for value in self._series(self.data_url(chunk, municipality, wanted_years)):
                if value.kpi not in chunk or value.municipality != municipality or value.period not in wanted_years:
                    continue  # not asked for
                key = (value.kpi, value.period, value.gender)
                if key in found and found[key].value != value.value:
                    raise KoladaError("conflict", kpi=value.kpi, period=value.period, gender=value.gender.value,
                                      url=value.url)
                found.setdefault(key, value)
        return tuple(sorted(found.values(), key=lambda v: (v.kpi, v.period, GENDER_ORDER[v.gender])))

    def _series(self, url: str) -> Iterator[KoladaValue]:
        seen: set[str] = set()
        while url:
            if url in seen:
                raise KoladaError("page-loop", url=url)
            if len(seen) >= self.limits.max_pages:
                raise KoladaError("too-many-pages", limit=self.limits.max_pages, url=url)
            seen.add(url)
            answer, url = self._page(url)
            yield from _values(answer, url)
            url = self._next(answer, url)

    def _next(self, answer: dict, current: str) -> str:
        target = answer.get("next_url")
        if target is None or target == "":
            page = answer.get("next_page")
            if page is None or page == "":
                return ""
            if isinstance(page, str) and page.isdecimal():
                page = int(page)
            if isinstance(page, int) and not isinstance(page, bool) and page > 0:
                return _with_page(current, page)
            target, field = page, "next_page"
        else:
            field = "next_url"
        if not isinstance(target, str) or len(target) > _MAX_URL:
            raise KoladaError("unexpected", url=current, field=field)
        resolved = urllib.parse.urljoin(current, target)
        if _origin(resolved) != self.origin:
            raise KoladaError("foreign-url", url=resolved[:200], host=self.host)
        return resolved

    def _page(self, url: str) -> tuple[dict, str]:
        """The page at ``url`` parsed, and the URL that answered (after same-host redirects)."""
        limits = self.limits
        request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "plansite"})
        connected = False
        try:
            with self._opener.open(request, timeout=limits.connect_timeout) as response:
                connected = True
                final = response.geturl() or url
                length = (response.headers.get("Content-Length") or "").strip()
                if length.isdecimal() and int(length) > limits.max_page_bytes:
                    raise KoladaError("too-large", url=url, limit=Decimal(limits.max_page_bytes))
                body = bytearray()
                deadline = time.monotonic() + limits.page_seconds
                while chunk := response.read1(_CHUNK):
                    body += chunk
                    if len(body) > limits.max_page_bytes:
                        raise KoladaError("too-large", url=url, limit=Decimal(limits.max_page_bytes))
                    if time.monotonic() > deadline:
                        raise KoladaError("timeout", url=url, seconds=_seconds(limits.page_seconds))
        except urllib.error.HTTPError as exc:
            exc.close()
            raise KoladaError("http-status", status=exc.code, url=url) from None
        except urllib.error.URLError as exc:
            raise self._network_error(exc.reason, url, limits.connect_timeout) from None
        except (http.client.HTTPException, OSError) as exc:
            raise self._network_error(exc, url, limits.read_timeout if connected or isinstance(exc, TimeoutError)
                                      else limits.connect_timeout) from None
        return _parse(bytes(body), final), final

    def _network_error(self, reason: object, url: str, seconds: float) -> KoladaError:
        if isinstance(reason, TimeoutError):
            return KoladaError("timeout", url=url, seconds=_seconds(seconds))
        if isinstance(reason, socket.gaierror):
            return KoladaError("unknown-host", host=self.host)
        if isinstance(reason, ConnectionRefusedError):
            return KoladaError("refused", host=self.host)
        if isinstance(reason, (ssl.SSLError, ssl.CertificateError)):
            return KoladaError("tls", host=self.host)
        if isinstance(reason, (http.client.HTTPException, ConnectionError)):
            return KoladaError("broken", host=self.host, url=url)
        return KoladaError("unreachable", host=self.host)


def fetch(kpis: Iterable[str], municipality: str, years: Iterable[int], *, url: str | None = None,
          limits: KoladaLimits = KoladaLimits()) -> tuple[KoladaValue, ...]:
    """``KoladaClient(url, limits=limits).fetch(kpis, municipality, years)``."""
    return KoladaClient(url, limits=limits).fetch(kpis, municipality, years)


# Reading an answer --------------------------------------------------------------------------------

def _seconds(value: float) -> Decimal:
    return Decimal(f"{value:g}")


def _with_page(url: str, page: int) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query + [("page", str(page))])))


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number")  # JSON has no NaN or Infinity


def _parse(body: bytes, url: str) -> dict:
    try:
        answer = json.loads(body.decode("utf-8"), parse_float=Decimal, parse_constant=_no_constant)
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise KoladaError("malformed-json", url=url) from None
    if not isinstance(answer, dict):
        raise KoladaError("unexpected", url=url, field="(top)")
    return answer


def _deleted(flag: object) -> bool:
    return flag is True or (type(flag) is int and flag == 1) or (isinstance(flag, str) and flag.lower() in ("true", "1"))


def _values(answer: dict, url: str) -> Iterator[KoladaValue]:
    rows = answer.get("values")
    if not isinstance(rows, list):
        raise KoladaError("unexpected", url=url, field="values")
    for i, row in enumerate(rows):
        where = f"values[{i}]"
        if not isinstance(row, dict):
            raise KoladaError("unexpected", url=url, field=where)
        if _deleted(row.get("isdeleted")):
            continue
        kpi, municipality, period = row.get("kpi"), row.get("municipality"), row.get("period")
        for name, item in (("kpi", kpi), ("municipality", municipality)):
            if not isinstance(item, str):
                raise KoladaError("unexpected", url=url, field=f"{where}.{name}")
        if isinstance(period, str) and period.isdecimal() and len(period) == 4:
            period = int(period)
        if isinstance(period, bool) or not isinstance(period, int):
            raise KoladaError("unexpected", url=url, field=f"{where}.period")
        items = row.get("values")
        if not isinstance(items, list):
            raise KoladaError("unexpected", url=url, field=f"{where}.values")
        for j, item in enumerate(items):
            yield from _value(item, kpi, municipality, period, url, f"{where}.values[{j}]")


def _value(item: object, kpi: str, municipality: str, period: int, url: str, where: str) -> Iterator[KoladaValue]:
    if not isinstance(item, dict):
        raise KoladaError("unexpected", url=url, field=where)
    if _deleted(item.get("isdeleted")):
        return
    gender, value, status = item.get("gender"), item.get("value"), item.get("status")
    if gender not in ("T", "K", "M"):
        raise KoladaError("unexpected", url=url, field=f"{where}.gender")
    if status is None:
        status = ""
    if not isinstance(status, str) or len(status) > _MAX_STATUS:
        raise KoladaError("unexpected", url=url, field=f"{where}.status")
    if value is None:
        return  # no value is not zero
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise KoladaError("unexpected", url=url, field=f"{where}.value")
    yield KoladaValue(kpi, municipality, period, Gender(gender), value, status, url)
