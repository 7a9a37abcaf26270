"""The Kolada client against a local server that answers in Kolada's documented form, and the
comparison of a plan's actuals with Kolada's values."""

from __future__ import annotations

import ast
import json
import socket
import threading
import time
from dataclasses import replace
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.analysis.kolada_compare import (
    Comparison,
    Verdict,
    compare,
    differences,
    new_actuals,
)
from generator.i18n import texts
from generator.ingest import kolada
from generator.ingest.kolada import (
    KoladaClient,
    KoladaError,
    KoladaLimits,
    KoladaValue,
    base_url,
)
from generator.model.codes import Gender, IndicatorKind, ValueType
from generator.model.plan import Indicator, Observation

FAST = KoladaLimits(connect_timeout=0.5, read_timeout=0.5, page_seconds=2.0)
MUNI = "0683"


# A local Kolada ------------------------------------------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 – the name http.server calls
        server = self.server
        server.seen.append(self.path)
        answer = server.routes.get(self.path)
        if answer is None:
            self.send_error(404)
            return
        status, body, headers, delay = answer
        headers = dict(headers)
        trickle = float(headers.pop("X-Trickle", 0)) if "X-Trickle" in headers else 0.0
        if delay and server.release.wait(delay):
            return
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers and headers.get("X-No-Length") is None:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not trickle:
            self.wfile.write(body)
            return
        for start in range(0, len(body), 4):  # a few bytes at a time, each within the read timeout
            self.wfile.write(body[start:start + 4])
            self.wfile.flush()
            if server.release.wait(trickle):
                return

    def log_message(self, *args):  # quiet
        pass


class LocalKolada:
    def __init__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.routes, self.server.seen, self.server.release = {}, [], threading.Event()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v3"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    @property
    def seen(self) -> list[str]:
        return self.server.seen

    def answer(self, path: str, body: bytes | str | dict | list, status: int = 200, delay: float = 0.0, **headers: str):
        if not isinstance(body, (str, bytes)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.server.routes[path] = (status, body, {k.replace("_", "-"): v for k, v in headers.items()}, delay)

    def close(self):
        self.server.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv(kolada.URL_VARIABLE, raising=False)


@pytest.fixture
def local():
    server = LocalKolada()
    yield server
    server.close()


def row(kpi: str, period: int, *values: tuple[str, object], municipality: str = MUNI, **extra) -> dict:
    return {"kpi": kpi, "municipality": municipality, "period": period,
            "values": [{"gender": g, "count": 1, "status": "", "value": v} for g, v in values], **extra}


def page(*rows: dict, **paging) -> dict:
    return {"values": list(rows), "count": len(rows), **paging}


def path(kpis: str, years: str = "2023", municipality: str = MUNI) -> str:
    return f"/v3/data/kpi/{kpis}/municipality/{municipality}/year/{years}"


def client(local: LocalKolada, **limits) -> KoladaClient:
    return KoladaClient(local.url, limits=replace(FAST, **limits))


# Answers read --------------------------------------------------------------------------------------

def test_values_are_exact_with_their_gender_status_and_url(local):
    body = ('{"values": [{"kpi": "N31814", "municipality": "0683", "period": 2023, "values": ['
            '{"gender": "T", "count": 2, "status": "", "value": 12.30},'
            '{"gender": "K", "count": 1, "status": "Preliminärt", "value": 0.1},'
            '{"gender": "M", "count": 1, "status": null, "value": 7}]}], "count": 1, "next_url": null}')
    local.answer(path("N31814"), body)
    got = client(local).fetch(["N31814"], MUNI, [2023])
    url = local.url + path("N31814").removeprefix("/v3")
    assert got == (KoladaValue("N31814", MUNI, 2023, Gender.TOTAL, Decimal("12.30"), "", url),
                   KoladaValue("N31814", MUNI, 2023, Gender.WOMEN, Decimal("0.1"), "Preliminärt", url),
                   KoladaValue("N31814", MUNI, 2023, Gender.MEN, Decimal("7"), "", url))
    assert str(got[0].value) == "12.30" and isinstance(got[2].value, Decimal)
    assert local.seen == [path("N31814")]


def test_a_null_value_is_skipped_and_deleted_rows_are_dropped(local):
    local.answer(path("N31814,N31815", "2022,2023"), page(
        row("N31814", 2022, ("T", None), ("K", 0)),
        row("N31814", 2023, ("T", 5), isdeleted=True),
        {**row("N31815", 2023, ("T", 9), ("M", 4)),
         "values": [{"gender": "T", "value": 9, "isdeleted": True}, {"gender": "M", "value": 4, "status": ""}]}))
    got = client(local).fetch(["N31815", "N31814"], MUNI, [2023, 2022])
    assert [(v.kpi, v.period, v.gender, v.value) for v in got] == [
        ("N31814", 2022, Gender.WOMEN, Decimal(0)), ("N31815", 2023, Gender.MEN, Decimal(4))]


def test_values_not_asked_for_are_ignored(local):
    local.answer(path("N31814"), page(
        row("N31814", 2023, ("T", 1)),
        row("N31814", 2023, ("T", 2), municipality="0180"),
        row("N99999", 2023, ("T", 3)),
        row("N31814", 2019, ("T", 4))))
    got = client(local).fetch(["N31814"], MUNI, [2023])
    assert [(v.kpi, v.municipality, v.period, v.value) for v in got] == [("N31814", MUNI, 2023, Decimal(1))]


def test_paging_follows_next_url_to_the_last_page(local):
    local.answer(path("N31814", "2022,2023"), page(row("N31814", 2022, ("T", 1)), next_url=local.url + "/p2"))
    local.answer("/v3/p2", page(row("N31814", 2023, ("K", 2)), next_url="/v3/p3"))  # a relative next_url
    local.answer("/v3/p3", page(row("N31814", 2023, ("M", 3)), next_url=None))
    got = client(local).fetch(["N31814"], MUNI, [2022, 2023])
    assert [(v.period, v.gender, v.value, v.url.rsplit("/", 1)[-1]) for v in got] == [
        (2022, Gender.TOTAL, Decimal(1), "2022,2023"), (2023, Gender.WOMEN, Decimal(2), "p2"),
        (2023, Gender.MEN, Decimal(3), "p3")]
    assert local.seen == [path("N31814", "2022,2023"), "/v3/p2", "/v3/p3"]


def test_paging_falls_back_to_next_page_as_a_url_or_a_number(local):
    first = path("N31814")
    local.answer(first, page(row("N31814", 2023, ("T", 1)), next_page=local.url + "/second"))
    local.answer("/v3/second", page(row("N31814", 2023, ("K", 2)), next_url="", next_page=3))
    local.answer("/v3/second?page=3", page(row("N31814", 2023, ("M", 3))))
    got = client(local).fetch(["N31814"], MUNI, [2023])
    assert [v.value for v in got] == [Decimal(1), Decimal(2), Decimal(3)]
    assert local.seen == [first, "/v3/second", "/v3/second?page=3"]


def test_thirty_ids_are_asked_for_in_two_requests(local):
    ids = [f"N{n:05d}" for n in range(1, 31)]
    first, second = ",".join(ids[:25]), ",".join(ids[25:])
    local.answer(path(first), page(*(row(i, 2023, ("T", n)) for n, i in enumerate(ids[:25]))))
    local.answer(path(second), page(*(row(i, 2023, ("T", n)) for n, i in enumerate(ids[25:], 25))))
    got = client(local).fetch(reversed(ids), MUNI, [2023])
    assert local.seen == [path(first), path(second)]
    assert [v.kpi for v in got] == ids and [v.value for v in got] == [Decimal(n) for n in range(30)]


def test_the_base_url_comes_from_the_environment(local):
    local.answer(path("N31814"), page(row("N31814", 2023, ("T", 1))))
    environ = {kolada.URL_VARIABLE: local.url + "/"}
    assert base_url(None, environ) == local.url
    assert base_url("https://other.example/v3", environ) == "https://other.example/v3"
    assert base_url(None, {}) == "https://api.kolada.se/v3"
    got = KoladaClient(limits=FAST, environ=environ).fetch(["N31814"], MUNI, [2023])
    assert [v.value for v in got] == [Decimal(1)]


def test_nothing_asked_is_no_request(local):
    assert client(local).fetch([], MUNI, [2023]) == () and client(local).fetch(["N31814"], MUNI, []) == ()
    assert local.seen == []


# Failures: one clean line ----------------------------------------------------------------------------

def failure(call) -> KoladaError:
    with pytest.raises(KoladaError) as info:
        call()
    error = info.value
    for lang in texts.LANGUAGES:  # words from the catalogue, one line, every parameter filled in
        line = error.text(lang)
        assert line and "\n" not in line and "{" not in line and "Traceback" not in line
    return error


def test_an_http_error_is_one_line(local):
    local.answer(path("N31814"), "Internal Server Error", status=500)
    error = failure(lambda: client(local).fetch(["N31814"], MUNI, [2023]))
    assert error.code == "http-status" and error.params["status"] == 500
    assert error.text("sv") == f"Kolada svarade med HTTP-status 500 ({local.url}{path('N31814')[3:]})"
    assert error.text("en").startswith("Kolada answered with HTTP status 500")


def test_a_server_slower_than_the_read_timeout(local):
    local.answer(path("N31814"), page(row("N31814", 2023, ("T", 1))), delay=5.0)
    started = time.monotonic()
    error = failure(lambda: client(local).fetch(["N31814"], MUNI, [2023]))
    assert time.monotonic() - started < 2.0
    assert error.code == "timeout" and error.params["seconds"] == Decimal("0.5")
    assert error.text("sv").startswith("Kolada svarade inte inom 0,5 sekunder")
    assert error.text("en").startswith("Kolada did not answer within 0.5 seconds")


@pytest.mark.parametrize("body", ["{not json", '{"values": [1, ]}', '{"values": [], "count": NaN}', b"\xff\xfe{}",
                                  "[" * 100_000 + "]" * 100_000])
def test_malformed_json_is_one_line(local, body):
    local.answer(path("N31814"), body)
    error = failure(lambda: client(local).fetch(["N31814"], MUNI, [2023]))
    assert error.code == "malformed-json"


@pytest.mark.parametrize("answer, field", [
    ([], "(top)"),
    ({"count": 0}, "values"),
    (page(["N31814"]), "values[0]"),
    (page({**row("N31814", 2023, ("T", 1)), "period": "tjugo"}), "values[0].period"),
    (page(row("N31814", 2023, ("X", 1))), "values[0].values[0].gender"),
    (page(row("N31814", 2023, ("T", "12"))), "values[0].values[0].value"),
    (page(row("N31814", 2023, ("T", True))), "values[0].values[0].value"),
    (page(row("N31814", 2023, ("T", 1)), next_url=7), "next_url"),
])
def test_an_answer_of_another_form_names_the_field(local, answer, field):
    local.answer(path("N31814"), answer)
    error = failure(lambda: client(local).fetch(["N31814"], MUNI, [2023]))
    assert (error.code, error.params["field"]) == ("unexpected", field)


def test_connection_refused_is_one_line():
    with socket.socket() as closed:  # bound, not listening: a connection is refused
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/v3"
        error = failure(lambda: KoladaClient(url, limits=FAST).fetch(["N31814"], MUNI, [2023]))
    assert error.code == "refused" and error.params["host"] == url.split("/")[2]


def test_a_next_url_to_another_host_is_not_followed(local):
    other = local.url.replace("127.0.0.1", "localhost")
    local.answer(path("N31814"), page(row("N31814", 2023, ("T", 1)), next_url=other + "/p2"))
    local.answer("/v3/p2", page(row("N31814", 2023, ("K", 2))))
    error = failure(lambda: client(local).fetch(["N31814"], MUNI, [2023]))
    assert error.code == "foreign-url" and error.params["url"] == other + "/p2"
    assert local.seen == [path("N31814")]


@pytest.mark.parametrize("next_url", ["https://127.0.0.1/v3/p2", "http://127.0.0.1:1/v3/p2", "file:///etc/passwd"])
def test_a_next_url_must_keep_scheme_host_and_port(local, next_url):
    local.answer(path("N31814"), page(row("N31814", 2023, ("T", 1)), next_url=next_url))
    assert failure(lambda: client(local).fetch(["N31814"], MUNI, [2023])).code == "foreign-url"
    assert local.seen == [path("N31814")]


def test_a_server_that_trickles_is_stopped_at_the_page_deadline(local):
    local.answer(path("N31814"), page(row("N31814", 2023, ("T", 1))), X_Trickle="0.1")
    started = time.monotonic()
    error = failure(lambda: client(local, page_seconds=0.3).fetch(["N31814"], MUNI, [2023]))
    assert error.code == "timeout" and error.params["seconds"] == Decimal("0.3")
    assert time.monotonic() - started < 1.5


def test_a_redirect_on_the_same_host_is_followed(local):
    local.answer(path("N31814"), "", status=301, Location=local.url + "/moved")
    local.answer("/v3/moved", page(row("N31814", 2023, ("T", 1))))
    got = client(local).fetch(["N31814"], MUNI, [2023])
    assert [(v.value, v.url) for v in got] == [(Decimal(1), local.url + "/moved")]
    assert local.seen == [path("N31814"), "/v3/moved"]


def test_a_redirect_to_another_host_is_not_followed(local):
    local.answer(path("N31814"), "", status=302, Location="http://localhost:9/v3/elsewhere")
    assert failure(lambda: client(local).fetch(["N31814"], MUNI, [2023])).code == "foreign-url"


def test_an_oversized_answer_is_refused(local):
    big = page(*(row("N31814", 2023, ("T", n)) for n in range(100)))
    local.answer(path("N31814"), big)  # announced by its Content-Length
    local.answer(path("N31815"), big, X_No_Length="1")  # read until the server closes
    assert len(json.dumps(big)) > 5000
    for kpi in ("N31814", "N31815"):
        error = failure(lambda: client(local, max_page_bytes=2000).fetch([kpi], MUNI, [2023]))
        assert error.code == "too-large" and error.params["limit"] == Decimal(2000)
    assert "2\u00a0000 byte" in error.text("sv") and "2,000 bytes" in error.text("en")


def test_pages_are_bounded_and_a_loop_is_stopped(local):
    for n in range(1, 6):
        local.answer(f"/v3/p{n}", page(row("N31814", 2023, ("T", 1)), next_url=f"/v3/p{n + 1}"))
    local.answer(path("N31814"), page(next_url="/v3/p1"))
    error = failure(lambda: client(local, max_pages=3).fetch(["N31814"], MUNI, [2023]))
    assert (error.code, error.params["limit"]) == ("too-many-pages", 3)
    assert local.seen == [path("N31814"), "/v3/p1", "/v3/p2"]
    local.answer(path("N31815"), page(next_url=path("N31815")))
    assert failure(lambda: client(local).fetch(["N31815"], MUNI, [2023])).code == "page-loop"


def test_two_values_for_one_key_are_a_conflict(local):
    local.answer(path("N31814"), page(row("N31814", 2023, ("T", 1)), row("N31814", 2023, ("T", 2))))
    assert failure(lambda: client(local).fetch(["N31814"], MUNI, [2023])).code == "conflict"


@pytest.mark.parametrize("call, code", [
    (lambda c: c.fetch(["N318"], MUNI, [2023]), "bad-kpi"),
    (lambda c: c.fetch(["N31814/../x"], MUNI, [2023]), "bad-kpi"),
    (lambda c: c.fetch(["N31814"], "683", [2023]), "bad-municipality"),
    (lambda c: c.fetch(["N31814"], MUNI, [23]), "bad-year"),
    (lambda c: c.fetch(["N31814"], MUNI, [True]), "bad-year"),
])
def test_bad_arguments_are_refused_before_any_request(local, call, code):
    assert failure(lambda: call(client(local))).code == code
    assert local.seen == []


@pytest.mark.parametrize("url", ["ftp://api.kolada.se/v3", "api.kolada.se/v3", "https://api.kolada.se/v3?x=1",
                                 "https://user@api.kolada.se/v3", "https://api.kolada.se:99999/v3"])
def test_a_bad_base_url_is_refused(url):
    assert failure(lambda: KoladaClient(url)).code == "bad-base-url"


def test_every_error_code_has_words_in_both_languages():
    tree = ast.parse(Path(kolada.__file__).read_text(encoding="utf-8"))
    codes = {node.args[0].value for node in ast.walk(tree) if isinstance(node, ast.Call)
             and getattr(node.func, "id", "") == "KoladaError" and node.args and isinstance(node.args[0], ast.Constant)}
    assert len(codes) >= 15
    for lang in texts.LANGUAGES:
        assert sorted(c for c in codes if not texts.has(f"kolada.{c}", lang)) == []
        assert sorted(v.value for v in Verdict if not texts.has(f"kolada.verdict.{v.value}", lang)) == []


# The comparison ---------------------------------------------------------------------------------------

def obs(period: int, value: str | None, gender: Gender = Gender.TOTAL, value_type: ValueType = ValueType.ACTUAL,
        printed: str | None = None, note: str = "") -> Observation:
    return Observation("ind", period, value_type, gender, value=None if value is None else Decimal(value),
                       printed=value if printed is None else printed, note=note)


def indicator(*observations: Observation, kolada_id: str = "N31814", indicator_id: str = "ind",
              order: int = 1) -> Indicator:
    return Indicator(indicator_id, "Nöjdhet", IndicatorKind.MONITORING, order, kolada_id=kolada_id,
                     observations=observations)


def value(period: int, number: str, gender: Gender = Gender.TOTAL, kpi: str = "N31814",
          municipality: str = MUNI) -> KoladaValue:
    return KoladaValue(kpi, municipality, period, gender, Decimal(number), "", f"https://k/{period}")


def test_each_year_and_gender_gets_its_verdict():
    plan = indicator(obs(2019, "12"), obs(2020, "87"), obs(2021, "87"), obs(2022, "5.1", note="Delår"),
                     obs(2023, None, printed="Kompletteras under året"), obs(2024, "60", value_type=ValueType.TARGET),
                     obs(2020, "40", Gender.WOMEN))
    fetched = [value(2019, "12.0"), value(2020, "87.4"), value(2021, "88.6"), value(2022, "9.8"),
               value(2023, "71"), value(2024, "58"), value(2020, "41", Gender.WOMEN), value(2020, "39", Gender.MEN)]
    got = compare([plan], fetched, MUNI)
    assert [(c.period, c.gender, c.verdict, c.plan, c.kolada, c.printed) for c in got] == [
        (2019, Gender.TOTAL, Verdict.AGREES, Decimal("12"), Decimal("12.0"), "12"),
        (2020, Gender.TOTAL, Verdict.ROUNDS, Decimal("87"), Decimal("87.4"), "87"),
        (2020, Gender.WOMEN, Verdict.DIFFERS, Decimal("40"), Decimal("41"), "40"),
        (2020, Gender.MEN, Verdict.NEW, None, Decimal("39"), ""),
        (2021, Gender.TOTAL, Verdict.DIFFERS, Decimal("87"), Decimal("88.6"), "87"),
        (2022, Gender.TOTAL, Verdict.PARTIAL_YEAR, Decimal("5.1"), Decimal("9.8"), "5.1"),
        (2023, Gender.TOTAL, Verdict.PRINTED_TEXT, None, Decimal("71"), "Kompletteras under året"),
        (2024, Gender.TOTAL, Verdict.NEW, None, Decimal("58"), ""),  # a target is no actual
    ]
    assert [c.period for c in new_actuals(got)] == [2020, 2024]
    assert [(c.period, c.plan, c.kolada) for c in differences(got)] == [
        (2020, Decimal("40"), Decimal("41")), (2021, Decimal("87"), Decimal("88.6"))]
    assert got[0] == Comparison("ind", 2019, Gender.TOTAL, Verdict.AGREES, "N31814", Decimal("12.0"),
                                Decimal("12"), "12", "", "https://k/2019")


def test_rounding_is_only_to_the_printed_decimals():
    plan = indicator(obs(2020, "87.5"), obs(2021, "2.5"), obs(2022, "3"), obs(2023, "87.40"))
    got = compare([plan], [value(2020, "87.45"), value(2021, "2.44"), value(2022, "2.5"), value(2023, "87.4")], MUNI)
    assert [c.verdict for c in got] == [Verdict.ROUNDS, Verdict.DIFFERS, Verdict.ROUNDS, Verdict.AGREES]


def test_the_plan_is_never_changed_and_other_values_are_ignored():
    plan = indicator(obs(2020, "10"))
    other = indicator(obs(2020, "1"), kolada_id="", indicator_id="utan-kolada", order=0)
    twin = indicator(kolada_id="N31814", indicator_id="samma-kpi", order=2)
    fetched = [value(2020, "11"), value(2020, "99", municipality="0180"), value(2020, "98", kpi="N00001")]
    got = compare([twin, plan, other], fetched, MUNI)
    assert [(c.indicator_id, c.verdict, c.kolada) for c in got] == [
        ("ind", Verdict.DIFFERS, Decimal("11")), ("samma-kpi", Verdict.NEW, Decimal("11"))]
    assert plan.observations == (obs(2020, "10"),)
    assert compare([plan], [], MUNI) == ()
