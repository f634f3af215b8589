"""
Benchmark the site as production serves it: gunicorn started as `make serve` starts it, over
real HTTP on loopback.

    .venv/bin/python bench/serve.py [--database-url postgres://postgres@127.0.0.1:5432/]
                                    [--redis-url redis://127.0.0.1:6379/14]
                                    [--duration 10] [--connections 16] [--sizes shipped,100000]

In a fresh throwaway PostgreSQL database (`careerguide_bench_serve_<pid>`, dropped at the end,
also on Ctrl-C or SIGTERM) and a Redis database of its own (emptied at the start and at the
end), it migrates, imports what `make serve` imports (the shipped official files, the careers
and the guides) and runs `collectstatic` as it does, then starts two servers with
`.venv/bin/gunicorn --config careerguide/gunicorn.py careerguide.wsgi` (DEBUG off, a random
SECRET_KEY, no access log), on loopback ports of their own: one as production runs it, with
whole pages cached, and one with CACHE_PAGES=False, which renders every page.

A load generator in this file (asyncio, raw HTTP/1.1 keep-alive connections, opened 20 ms
apart) keeps --connections requests in flight for --duration seconds per request type, after a
short warm-up, and reports requests per second, p50/p95/p99 latency, errors (a socket error or a
status other than the one expected) and the CPU that gunicorn, the load generator and the
whole machine used meanwhile. Every request says `Accept-Encoding: gzip`, as browsers do, and
`X-Forwarded-Proto: https`, as the TLS-terminating proxy in front of production does (the
servers run with production's HTTPS settings). Throughput is reported as a ratio to the floor
measured in the same run: `/robots.txt`, the cheapest Django response through the same
middleware, measured before and after the other request types (the ratio uses their mean).
The list and search are also measured with a single connection, which gives their latency
without queueing behind other requests.

Every size is measured in turn: `shipped` (what the OEWS import and the guides make, about
1,100 roles), then each number of roles, topped up with `generate_demo_roles` and followed by
VACUUM ANALYZE as in bench/search.py. The load generator runs on the same machine as the
servers, PostgreSQL and Redis, so it competes with them for the CPUs; its share is reported.

Progress goes to stderr; the report, Markdown tables, to stdout. bench/load.py uses the
server and load generator defined here.
"""

import argparse
import asyncio
import contextlib
import os
import re
import signal
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from common import (
    GUNICORN,
    Gunicorn,
    PostgreSQLDatabase,
    is_postgres_url,
    machine_facts,
    machine_table,
    prepare_site,
    process_stats,
    run_benchmark,
    site_environment,
    step,
    stop_on_sigterm,
    throwaway,
)

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/"
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"
GUIDE = "/careers/back-office-assistant/"
FLOOR = "/robots.txt"
LIST = "/careers/?education=high_school&pay_min=40000&growth=average-or-faster"
SEARCH = "/careers/?q=office+clerk"
SALARY = "/careers/back-office-assistant/salaries/"
# An occupation's official profile (no guide), with every part O*NET and BLS give it.
PROFILE = "/careers/registered-nurses/"
REQUEST_TIMEOUT = 30  # seconds: gunicorn's own worker timeout
CPU_SAMPLE_SECONDS = 0.25
# The load generator's connections open this far apart, as clients arrive over time: opened
# in one burst at an idle server, most of them went to whichever process woke first (15 / 1).
STAGGER_SECONDS = 0.02
CACHED, UNCACHED = "cached", "uncached"
_COUNT = re.compile(r'results__count">([\d,]+) career')

# Goals, each checked at every size measured.
CACHED_GUIDE_SHARE = 0.80
UNCACHED_GUIDE_SHARE = 0.30
LIST_P95_MS = 50


# --- HTTP/1.1 over asyncio -----------------------------------------------------------------

# The load generator speaks HTTP/1.1 itself, on asyncio streams, rather than through an HTTP
# client library: it shares the server's CPUs, so its cost per request must stay small beside
# the floor's (about half a millisecond of gunicorn's CPU). Measured on a 2-CPU machine, 16
# connections on /robots.txt: this one used 0.1 to 0.15 ms of CPU per request, aiohttp 0.2 to
# 0.35 ms and httpx's AsyncClient 2 to 3 ms, which would make the load generator the
# bottleneck and the floor's throughput its own. Its timing covers the exchange on the socket
# and nothing else, and it tells a kept-alive connection that the server closed before
# answering (retried, and counted) from any other failure.


@dataclass(frozen=True)
class Request:
    kind: str
    path: str
    expected: int = 200
    headers: tuple = ()
    gzip: bool = True  # False: `Accept-Encoding: identity`, the body as the view made it

    def raw(self, port):
        lines = [
            f"GET {self.path} HTTP/1.1",
            f"Host: 127.0.0.1:{port}",
            "User-Agent: careerguide-bench",
            "Accept: text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8",
            f"Accept-Encoding: {'gzip' if self.gzip else 'identity'}",
            "Connection: keep-alive",
            # As the TLS-terminating proxy in front of production says (settings.HTTPS).
            "X-Forwarded-Proto: https",
            *(f"{name}: {value}" for name, value in self.headers),
        ]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class ClosedBeforeResponse(ConnectionError):
    """A kept-alive connection that the server closed before answering: safe to retry."""


class Connection:
    def __init__(self, port):
        self.port = port
        self.reader = self.writer = None
        self.served = 0

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.served = 0

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def exchange(self, raw):
        """Send one request; return (status, headers, body). The headers' names are lower case."""
        if self.writer is None:
            await self.open()
        reused = self.served > 0
        try:
            self.writer.write(raw)
            await self.writer.drain()
            head = await self.reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as error:
            self.close()
            if reused and not error.partial:
                raise ClosedBeforeResponse("closed before answering") from error
            raise ConnectionError("closed in the middle of the response headers") from error
        except ConnectionResetError as error:
            self.close()
            if reused:
                raise ClosedBeforeResponse("reset before answering") from error
            raise
        lines = head[:-4].split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower().decode("latin-1")
            value = value.strip().decode("latin-1")
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        body = await self._body(status, headers)
        self.served += 1
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body

    async def _body(self, status, headers):
        try:
            if status in (204, 304) or status < 200:
                return b""
            if "chunked" in headers.get("transfer-encoding", "").lower():
                chunks = []
                while True:
                    size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                    if size == 0:
                        while await self.reader.readuntil(b"\r\n") != b"\r\n":
                            pass  # trailers
                        return b"".join(chunks)
                    chunks.append((await self.reader.readexactly(size + 2))[:-2])
            if "content-length" in headers:
                return await self.reader.readexactly(int(headers["content-length"]))
            body = await self.reader.read()  # to the end: the server closes
            self.close()
            return body
        except asyncio.IncompleteReadError as error:
            self.close()
            raise ConnectionError("closed in the middle of the body") from error


@dataclass
class Tally:
    """What the requests of one kind gave."""

    latencies: list = field(default_factory=list)  # ms
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    body_bytes: int = 0
    cookies: int = 0  # responses that set a cookie
    reconnects: int = 0  # kept-alive connections closed by the server before answering

    def add(self, other):
        self.latencies += other.latencies
        self.statuses += other.statuses
        self.errors += other.errors
        self.body_bytes += other.body_bytes
        self.cookies += other.cookies
        self.reconnects += other.reconnects

    @property
    def n(self):
        return len(self.latencies)

    @property
    def error_count(self):
        return sum(self.errors.values())

    def percentile(self, p):
        if not self.latencies:
            return float("nan")
        if len(self.latencies) == 1:
            return self.latencies[0]
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]

    def kilobytes(self):
        answered = sum(self.statuses.values())
        return self.body_bytes / answered / 1024 if answered else 0

    def findings(self, where):
        """What went wrong in these requests, each a sentence that starts with `where`."""
        found = []
        if self.error_count:
            found.append(f"{where}: {self.error_count} errors: {dict(self.errors)}.")
        if self.cookies:
            found.append(f"{where}: {self.cookies} responses set a cookie.")
        if self.reconnects:
            found.append(
                f"{where}: {self.reconnects} kept-alive connections closed by the server "
                "before answering (retried on a new connection, not counted as errors)."
            )
        return found


@dataclass
class LoadResult:
    tallies: dict
    seconds: float
    cpu: dict  # share of all CPUs used by gunicorn, the load generator and the whole machine
    # The load generator's connections each gunicorn process held when the window began,
    # most first: a process serves on one core at a time (the GIL), so 16 / 0 leaves half the
    # CPUs unused however fast each answer is.
    spread: list = field(default_factory=list)

    @property
    def total(self):
        total = Tally()
        for tally in self.tallies.values():
            total.add(tally)
        return total

    @property
    def rps(self):
        return self.total.n / self.seconds


async def _load(port, pick, connections, duration, warmup, probe):
    """`connections` closed loops of requests from `pick()` for warmup + duration seconds."""
    window_start = time.perf_counter() + warmup
    window_end = window_start + duration
    tallies = {}
    finished = [window_start]
    marks = {}
    gap = min(STAGGER_SECONDS, warmup / connections)  # all open before the window

    async def loop(number):
        # The connections open one after another, as clients arrive, not in one burst.
        await asyncio.sleep(number * gap)
        connection = Connection(port)
        try:
            while time.perf_counter() < window_end:
                request = pick()
                raw = request.raw(port)
                started = time.perf_counter()
                tally = tallies.setdefault(request.kind, Tally())
                counted = started >= window_start
                try:
                    try:
                        status, headers, body = await asyncio.wait_for(
                            connection.exchange(raw), REQUEST_TIMEOUT
                        )
                    except ClosedBeforeResponse:
                        if counted:
                            tally.reconnects += 1
                        status, headers, body = await asyncio.wait_for(
                            connection.exchange(raw), REQUEST_TIMEOUT
                        )
                except (OSError, ConnectionError, TimeoutError, ValueError) as error:
                    connection.close()
                    if counted:
                        tally.errors[f"{type(error).__name__}: {error}"[:80]] += 1
                        tally.latencies.append((time.perf_counter() - started) * 1000)
                    await asyncio.sleep(0.01)
                    continue
                ended = time.perf_counter()
                if not counted:
                    continue
                tally.latencies.append((ended - started) * 1000)
                finished.append(ended)
                tally.statuses[status] += 1
                if status != request.expected:
                    tally.errors[f"status {status}"] += 1
                tally.body_bytes += len(body)
                if "set-cookie" in headers:
                    tally.cookies += 1
        finally:
            connection.close()

    async def meter():
        await asyncio.sleep(max(0.0, window_start - time.perf_counter()))
        marks["start"] = probe(start=True)
        while time.perf_counter() < window_end:
            await asyncio.sleep(CPU_SAMPLE_SECONDS)
            probe()

    await asyncio.gather(meter(), *(loop(number) for number in range(connections)))
    marks["end"] = probe()
    seconds = max(finished) - window_start
    return tallies, seconds, marks


def run_load(server, pick, connections, duration, warmup):
    """Load `server` with requests from `pick()`; a LoadResult for the measured window."""
    gunicorn = CpuMeter(server.process.pid)
    spread = []

    def probe(start=False):
        gunicorn.sample(start)
        if start:
            spread.extend(connections_by_process(server.process.pid, server.port))
        return {
            "time": time.perf_counter(),
            "gunicorn": gunicorn.seconds(),
            "client": time.process_time(),
            "machine": _machine_busy_seconds(),
        }

    tallies, seconds, marks = asyncio.run(
        _load(server.port, pick, connections, duration, warmup, probe)
    )
    wall = marks["end"]["time"] - marks["start"]["time"]
    cpus = os.cpu_count() or 1
    cpu = {
        name: (marks["end"][name] - marks["start"][name]) / wall / cpus
        for name in ("gunicorn", "client", "machine")
    }
    cpu["gunicorn seconds"] = marks["end"]["gunicorn"] - marks["start"]["gunicorn"]
    return LoadResult(tallies, seconds, cpu, spread)


def connections_by_process(master, port):
    """How many established connections to `port` each process under gunicorn `master` holds,
    most first (from /proc: the sockets' inodes in /proc/net/tcp, the processes' descriptors)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local_port = int(fields[1].rsplit(":", 1)[1], 16)
                if local_port == port and fields[3] == "01":  # 01: ESTABLISHED
                    inodes.add(fields[9])
    counts = []
    for pid, fields in process_stats():
        if int(fields[1]) != master:
            continue
        held = 0
        with contextlib.suppress(OSError):
            for descriptor in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    link = os.readlink(descriptor)
                    held += link.startswith("socket:[") and link[8:-1] in inodes
        counts.append(held)
    return sorted(counts, reverse=True)


def _machine_busy_seconds():
    """CPU seconds the whole machine has spent on anything but idling, from /proc/stat."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    values = [int(value) for value in fields[:8]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values) - idle) / os.sysconf("SC_CLK_TCK")


# --- The servers ---------------------------------------------------------------------------


class CpuMeter:
    """The CPU time a gunicorn master and its workers use from `sample(start=True)` on.

    Workers come and go (max_requests). A worker that has exited and been reaped counts in
    the master's children's time (cutime + cstime) with all it ever used, so what it had used
    before the start is taken off; the others are sampled every CPU_SAMPLE_SECONDS (a worker
    that has exited but is not reaped yet counts until its last sample)."""

    def __init__(self, master):
        self.master = master
        self.first, self.last, self.present = {}, {}, set()
        self.own = self.reaped = self.start_own = self.start_reaped = 0.0

    def sample(self, start=False):
        own, reaped, running, self.present = self._read()
        if start:
            self.start_own, self.start_reaped = own, reaped
            self.first = dict(running)
        for pid, seconds in running.items():
            self.first.setdefault(pid, 0.0)  # a worker started since
            self.last[pid] = seconds
        self.own, self.reaped = own, reaped

    def seconds(self):
        total = self.own - self.start_own + self.reaped - self.start_reaped
        for pid, last in self.last.items():
            if pid in self.present:
                total += last - self.first[pid]
            else:
                total -= self.first[pid]  # reaped: its whole time is in `reaped`
        return total

    def _read(self):
        """(master's own time, its reaped children's, {worker: own time}, workers present)."""
        ticks = os.sysconf("SC_CLK_TCK")
        own = reaped = 0.0
        running, present = {}, set()
        for pid, fields in process_stats():
            if pid == self.master:
                own = (int(fields[11]) + int(fields[12])) / ticks
                reaped = (int(fields[13]) + int(fields[14])) / ticks
            elif int(fields[1]) == self.master:
                present.add(pid)
                if fields[0] != "Z":
                    running[pid] = (int(fields[11]) + int(fields[12])) / ticks
        return own, reaped, running, present


class Server(Gunicorn):
    """gunicorn as make serve starts it, named by its mode (CACHED, UNCACHED)."""

    def __init__(self, name, environment, cache_pages, folder):
        if not cache_pages:
            environment = {**environment, "CACHE_PAGES": "False"}
        super().__init__(environment, Path(folder) / f"gunicorn-{name}.log", f"the {name} server")
        self.name = name
        self.workers = int(environment.get("WEB_CONCURRENCY", os.cpu_count() or 1))
        self.threads = int(environment.get("THREADS", "4"))

    def findings(self):
        """What its log shows went wrong: workers started after the first ones (gunicorn's
        max_requests recycling or a crash), and every error line (with the traceback's end)."""
        text = self.log_text()
        found = []
        restarts = text.count("Booting worker with pid") - self.workers
        if restarts:
            found.append(
                f"The {self.name} server started {restarts} workers after the first "
                f"{self.workers} (gunicorn's max_requests recycling or a crash)."
            )
        errors = [
            line
            for line in text.splitlines()
            if "[ERROR]" in line
            or "[CRITICAL]" in line
            or "WORKER TIMEOUT" in line
            or "Cache unavailable" in line
            or line.startswith(("Traceback", "django.", "psycopg", "redis."))
            or re.match(r"^[A-Za-z_.]+(Error|Exception):", line)
        ]
        if errors:
            shown = "; ".join(f"`{line.strip()[:160]}`" for line in errors[:5])
            found.append(f"The {self.name} server logged {len(errors)} error lines: {shown}.")
        return found


def get(port, path, headers=None):
    """One GET, untimed, as a browser asks through the TLS-terminating proxy: (status, headers
    as httpx.Headers, the body decompressed). Proxy settings in the environment are ignored."""
    response = httpx.get(
        f"http://127.0.0.1:{port}{path}",
        headers={"Accept-Encoding": "gzip", "X-Forwarded-Proto": "https", **(headers or {})},
        timeout=REQUEST_TIMEOUT,
        trust_env=False,
    )
    return response.status_code, response.headers, response.content


def result_count(port, path):
    """The number of careers the list at `path` says it found, or None."""
    status, _, body = get(port, path)
    found = _COUNT.search(body.decode("utf-8", "replace")) if status == 200 else None
    return int(found[1].replace(",", "")) if found else None


# --- The site ------------------------------------------------------------------------------


@contextlib.contextmanager
def fresh_redis(url):
    import redis

    client = redis.Redis.from_url(url)
    try:
        keys = client.dbsize()
    except redis.RedisError as error:
        raise SystemExit(f"Cannot reach Redis at {url}: {error}") from error
    step(f"Emptying Redis database {url}" + (f" ({keys:,} keys in it)" if keys else ""))
    client.flushdb()
    try:
        yield
    finally:
        step(f"Emptying Redis database {url}")
        client.flushdb()
        client.close()


@contextlib.contextmanager
def production_site(database_url, redis_url, prefix, modes, **settings):
    """A throwaway database with the shipped data, an emptied Redis database and one server
    per mode (CACHED, UNCACHED), the site's `settings` added: yields (database, {mode:
    Server}); cleans up afterwards."""
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    database = PostgreSQLDatabase(database_url, prefix)
    with (
        # This process imports and adds roles: it must tell the servers' cache (REDIS_URL).
        throwaway(database, REDIS_URL=redis_url),
        fresh_redis(redis_url),
        tempfile.TemporaryDirectory(prefix="careerguide_serve_") as folder,
    ):
        environment = site_environment(database.url, redis_url, **settings)
        prepare_site(environment)
        servers = {}
        try:
            for mode in modes:
                servers[mode] = Server(mode, environment, mode == CACHED, folder)
            for server in servers.values():
                server.wait_until_ready(get, FLOOR)
            yield database, servers
        finally:
            # A second Ctrl-C or SIGTERM must not cut the clean-up short.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            for server in servers.values():
                server.stop()


def extra_facts(servers, connections, load_average):
    any_server = next(iter(servers.values()))
    return [
        (
            "servers",
            f"{len(servers)} × gunicorn {_gunicorn_version()}, {any_server.workers} processes "
            f"× {any_server.threads} threads (gthread) each",
        ),
        (
            "load generator",
            f"asyncio, {connections} HTTP/1.1 keep-alive connections, same machine",
        ),
        ("load average at start", " ".join(f"{value:.2f}" for value in load_average)),
    ]


def _gunicorn_version():
    import gunicorn

    return gunicorn.__version__


# --- Measurements --------------------------------------------------------------------------


def plan():
    """(label, server mode, Request): the request types, in the order they are measured."""
    return [
        ("floor, before", CACHED, Request("floor", FLOOR)),
        ("guide page", CACHED, Request("guide", GUIDE)),
        ("guide page, Accept-Encoding: identity", CACHED, Request("guide", GUIDE, gzip=False)),
        ("guide page, If-None-Match (304)", CACHED, None),  # the ETag is read first
        ("guide page", UNCACHED, Request("guide", GUIDE)),
        ("list with filters", CACHED, Request("list", LIST)),
        ("list with filters", UNCACHED, Request("list", LIST)),
        ("search", CACHED, Request("search", SEARCH)),
        ("search", UNCACHED, Request("search", SEARCH)),
        ("salary page", CACHED, Request("salary", SALARY)),
        ("salary page", UNCACHED, Request("salary", SALARY)),
        ("profile page", CACHED, Request("profile", PROFILE)),
        ("profile page", UNCACHED, Request("profile", PROFILE)),
        ("floor, after", CACHED, Request("floor", FLOOR)),
    ]


SINGLE = [
    ("list with filters, 1 connection", UNCACHED, Request("list", LIST)),
    ("search, 1 connection", UNCACHED, Request("search", SEARCH)),
]


def conditional_request(server):
    status, headers, _ = get(server.port, GUIDE)
    etag = headers.get("etag")
    if status != 200 or not etag:
        raise SystemExit(f"{GUIDE} answered {status} with ETag {etag!r}: no conditional request.")
    again, _, _ = get(server.port, GUIDE, {"If-None-Match": etag})
    step(f"  ETag {etag}; a request with If-None-Match answers {again}")
    return Request("conditional", GUIDE, 304, (("If-None-Match", etag),))


def check_site(servers, size_label):
    """What both servers answer before the load: the same counts and the same pages (the
    cached server serves what rendering gives, nothing stale)."""
    notes = []
    for path in ("/careers/", LIST, SEARCH):
        counts = {mode: result_count(server.port, path) for mode, server in servers.items()}
        step(f"  {path}: {counts}")
        if len(set(counts.values())) != 1:
            notes.append(f"At {size_label}, `{path}` counts differ between servers: {counts}.")
    for path in (GUIDE, SALARY, LIST, SEARCH):
        bodies = {}
        for mode, server in servers.items():
            status, headers, body = get(server.port, path)
            # The servers' own addresses (canonical URL, previews) differ by their ports.
            bodies[mode] = body.replace(f"127.0.0.1:{server.port}".encode(), b"127.0.0.1:PORT")
            if status != 200:
                notes.append(f"At {size_label}, `{path}` answered {status} ({mode}).")
            step(
                f"  {mode} {path}: {status}, {len(body) / 1024:.0f} KB, Cache-Control "
                f"{headers.get('cache-control', '-')!r}, ETag {headers.get('etag', '-')}"
            )
        if len(set(bodies.values())) > 1:
            first, second = bodies.values()
            at = next(
                (i for i, (x, y) in enumerate(zip(first, second, strict=False)) if x != y),
                min(len(first), len(second)),
            )
            shown = " / ".join(
                repr(body[max(0, at - 40) : at + 60].decode("utf-8", "replace"))
                for body in (first, second)
            )
            notes.append(
                f"At {size_label}, `{path}` differs between the servers (cached / uncached "
                f"from byte {at}): {shown}."
            )
    return notes


def measure(label, server, request, arguments, connections, duration):
    result = run_load(
        server,
        lambda: request,
        connections,
        duration,
        arguments.warmup,
    )
    total = result.total
    step(
        f"  {label} ({server.name}): {result.rps:,.0f} req/s, p50 {total.percentile(50):.1f} ms, "
        f"p95 {total.percentile(95):.1f} ms, p99 {total.percentile(99):.1f} ms, "
        f"{total.error_count} errors, CPU gunicorn {result.cpu['gunicorn']:.0%} "
        f"client {result.cpu['client']:.0%} machine {result.cpu['machine']:.0%}"
    )
    return {"label": label, "server": server.name, "request": request, "result": result}


def measure_size(servers, arguments):
    rows = []
    for label, mode, request in plan():
        if request is None:
            request = conditional_request(servers[mode])
        rows.append(
            measure(label, servers[mode], request, arguments, arguments.connections,
                    arguments.duration)
        )  # fmt: skip
    for label, mode, request in SINGLE:
        rows.append(measure(label, servers[mode], request, arguments, 1, arguments.duration / 2))
    return rows


def floor_rps(rows):
    return statistics.mean(r["result"].rps for r in rows if r["request"].kind == "floor")


def cpu_ms(result):
    """gunicorn's CPU time per request, in ms."""
    return result.cpu["gunicorn seconds"] * 1000 / max(result.total.n, 1)


def floor_cpu_ms(rows):
    return statistics.mean(cpu_ms(r["result"]) for r in rows if r["request"].kind == "floor")


# --- Report --------------------------------------------------------------------------------


def results_table(rows, connections):
    floor, floor_cpu = floor_rps(rows), floor_cpu_ms(rows)
    lines = [
        "| request | server | URL | conn. | n | req/s | × floor | p50 ms | p95 ms | p99 ms "
        "| errors | KB | gunicorn CPU ms/req | × floor, CPU | CPU % gunicorn / client / machine "
        "| conn. per process |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | --- | --- |",
    ]
    for row in rows:
        result, total = row["result"], row["result"].total
        conns = 1 if "1 connection" in row["label"] else connections
        cpu = result.cpu
        lines.append(
            f"| {row['label']} | {row['server']} | `{row['request'].path}` | {conns} | "
            f"{total.n:,} | {result.rps:,.0f} | {result.rps / floor:.2f} | "
            f"{total.percentile(50):.1f} | {total.percentile(95):.1f} | "
            f"{total.percentile(99):.1f} | {total.error_count} | {total.kilobytes():.1f} | "
            f"{cpu_ms(result):.2f} | {floor_cpu / max(cpu_ms(result), 1e-9):.2f} | "
            f"{cpu['gunicorn']:.0%} / {cpu['client']:.0%} / {cpu['machine']:.0%} | "
            f"{' / '.join(map(str, result.spread))} |"
        )
    return lines


def goals(rows_by_size, labels):
    lines = ["| goal | size | measured | |", "| --- | --- | --- | --- |"]
    for size, rows in rows_by_size.items():
        floor, floor_cpu = floor_rps(rows), floor_cpu_ms(rows)

        def find(label, server, rows=rows):
            return next(r for r in rows if r["label"] == label and r["server"] == server)

        for page, server, share in (
            ("guide page", CACHED, CACHED_GUIDE_SHARE),
            ("guide page", UNCACHED, UNCACHED_GUIDE_SHARE),
            ("profile page", CACHED, CACHED_GUIDE_SHARE),
        ):
            result = find(page, server)["result"]
            ratio = result.rps / floor
            lines.append(
                f"| {server} {page} ≥ {share:.0%} of the floor's throughput | {labels[size]} "
                f"| {result.rps:,.0f} req/s = {ratio:.0%} of the floor's {floor:,.0f} (by CPU per "
                f"request: {floor_cpu / cpu_ms(result):.0%}) | "
                f"{'meets' if ratio >= share else '**misses**'} |"
            )
    largest = list(rows_by_size)[-1]
    rows = rows_by_size[largest]
    for row in rows:
        if row["request"].kind not in ("list", "search"):
            continue
        p95 = row["result"].total.percentile(95)
        connections = "1 connection" if "1 connection" in row["label"] else "under load"
        lines.append(
            f"| {row['label'].split(',')[0]} p95 < {LIST_P95_MS} ms ({row['server']}, "
            f"{connections}) | {labels[largest]} | p95 {p95:.1f} ms | "
            f"{'meets' if p95 < LIST_P95_MS else '**misses**'} |"
        )
    return lines


def checks(rows_by_size, labels, notes, servers):
    """Anything wrong seen in the responses or the servers' logs."""
    found = list(notes)
    for size, rows in rows_by_size.items():
        for row in rows:
            where = f"{row['label']} ({row['server']}) at {labels[size]}"
            found += row["result"].total.findings(where)
    for server in servers.values():
        found += server.findings()
    return found


def report(facts, rows_by_size, labels, arguments, found):
    lines = machine_table(facts)
    lines += [
        "",
        f"Each request type: {arguments.connections} keep-alive connections, each sending its "
        f"next request as soon as the last is answered, for {arguments.duration:g} s after "
        f"{arguments.warmup:g} s of warm-up (the 1-connection rows: "
        f"{arguments.duration / 2:g} s). × floor = req/s / the mean req/s of `{FLOOR}` before "
        "and after. KB = the body as sent (gzip, but for the row that asks for no compression). "
        "gunicorn CPU ms/req = the CPU time of the server's processes per request; × floor, "
        "CPU = the floor's CPU ms/req / this one's, the throughput ratio that a server with the "
        "CPUs to itself would give. CPU %: the share of all CPUs used meanwhile by the gunicorn "
        "server under load, by the load generator and by the whole machine (anything else on "
        "it, PostgreSQL and Redis included, is the difference). Conn. per process: how many of "
        "the load generator's connections each gunicorn process held as the window began (the "
        "kernel gives a new connection to whichever process accepts first, and a kept-alive "
        "connection stays with it; a process computes on one core at a time).",
    ]
    for size, rows in rows_by_size.items():
        lines += ["", f"**{labels[size]}**", "", *results_table(rows, arguments.connections)]
    lines += ["", *goals(rows_by_size, labels)]
    lines += ["", "Checks (errors, cookies, differing bodies, server logs):", ""]
    lines += [f"- {item}" for item in found] or ["- nothing found"]
    return "\n".join(lines)


# --- Main ----------------------------------------------------------------------------------


def parse_arguments():
    parser = argparse.ArgumentParser(
        description="Benchmark the site served by gunicorn as make serve runs it (pages cached, "
        "and not), over HTTP, as ratios to a floor measured in the same run.",
    )
    add_server_arguments(parser, DEFAULT_REDIS)
    parser.add_argument(
        "--duration",
        type=float,
        default=10,
        help="Seconds of measurement per request type (default: %(default)s).",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=1.5,
        help="Seconds of unmeasured requests before each measurement (default: %(default)s).",
    )
    parser.add_argument(
        "--connections",
        type=int,
        default=16,
        help="Concurrent keep-alive connections (default: %(default)s).",
    )
    parser.add_argument(
        "--sizes",
        default="shipped,100000",
        help="What to measure at, in turn: `shipped` and/or total numbers of roles "
        "(default: %(default)s).",
    )
    arguments = parser.parse_args()
    check_server_arguments(parser, arguments)
    sizes = []
    for size in arguments.sizes.split(","):
        size = size.strip().replace("_", "")
        if size == "shipped":
            sizes.append(0)
        elif size.isdigit() and 0 < int(size) <= 1_000_000:
            sizes.append(int(size))
        else:
            parser.error("--sizes must be `shipped` or numbers of roles up to 1,000,000.")
    arguments.sizes = sorted(set(sizes))
    if arguments.duration <= 0 or arguments.warmup < 0 or arguments.connections < 1:
        parser.error("--duration and --connections must be positive, --warmup at least 0.")
    return arguments


def add_server_arguments(parser, default_redis):
    parser.add_argument(
        "--database-url",
        default=DEFAULT_SERVER,
        help="A PostgreSQL server, postgres://user@host:port/ : the benchmark creates and drops "
        "its own database there (default: %(default)s).",
    )
    parser.add_argument(
        "--redis-url",
        default=default_redis,
        help="A Redis database for the servers' cache; it is emptied at the start and at the "
        "end (default: %(default)s).",
    )


def check_server_arguments(parser, arguments):
    if not is_postgres_url(arguments.database_url):
        parser.error("--database-url must be a postgres:// URL.")
    if not arguments.redis_url.startswith(("redis://", "rediss://", "unix://")):
        parser.error("--redis-url must be a redis:// URL.")
    if not GUNICORN.exists():
        parser.error(f"{GUNICORN} is missing: run `make install` first.")


def main():
    arguments = parse_arguments()
    started = time.perf_counter()
    load_average = os.getloadavg()
    rows_by_size, labels, notes = {}, {}, []
    with production_site(
        arguments.database_url, arguments.redis_url, "careerguide_bench_serve", (CACHED, UNCACHED)
    ) as (database, servers):
        from search import top_up

        from guides.models import Role

        for size in arguments.sizes:
            total = top_up(size) if size else Role.objects.count()
            labels[size] = f"{total:,} roles" + (" (shipped)" if not size else "")
            step(f"Measuring at {labels[size]}")
            notes += check_site(servers, labels[size])
            rows_by_size[size] = measure_size(servers, arguments)
        facts = machine_facts(database)
        facts += extra_facts(servers, arguments.connections, load_average)
        found = checks(rows_by_size, labels, notes, servers)
    step(f"Done in {time.perf_counter() - started:.0f} s")
    print(report(facts, rows_by_size, labels, arguments, found))


if __name__ == "__main__":
    run_benchmark(main, "the servers were stopped and the throwaway database dropped")
