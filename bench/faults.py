"""
Fault injection: the site as production runs it, under steady load, while its cache and then
its database go away, hang or slow down, and come back.

    .venv/bin/python bench/faults.py [--clients 4] [--seed 1] [--time-limit 300]

Everything is throwaway and on free loopback ports of its own: a PostgreSQL cluster made with
initdb in a temporary folder (trust authentication on 127.0.0.1, run by the `postgres` user
when this runs as root), a redis-server with no persistence, and gunicorn started as
`make serve` starts it (DEBUG off, HTTPS=false, a random SECRET_KEY, ALLOWED_HOSTS=127.0.0.1,
DATABASE_URL and REDIS_URL pointing at them, no access log), after what `make serve` runs
before it: migrate, the imports of the shipped files, sync_careers, load_guides and
collectstatic. The machine's own PostgreSQL and Redis
are never touched. Everything is stopped and removed at the end, also on Ctrl-C or SIGTERM.

Load: --clients threads, each with a keep-alive HTTP/1.1 connection, sending its next request
as soon as the last is answered: guide pages and salary pages of a few careers, pages of the
careers list, and searches whose words and pay filter vary so that most are not cached; one
more thread asks /healthz every 0.25 s.

1. **Cache lost**: under load, redis-server is killed (SIGKILL) for 10 s, then started again
   on the same port, empty. Expected: no 5xx at all; /healthz says 200 "degraded" with
   "cache": "unavailable" during, "ok" after; the cache is filled and used again after.
2. **Cache hung**: under load, redis-server is stopped (SIGSTOP) for 10 s: connections are
   still accepted, nothing answers. Expected: no 5xx; a page costs what it cost with Redis
   killed (its median within 0.1 s of scenario 1's: each process waits one cache timeout, then
   leaves Redis alone for CACHE_RETRY_SECONDS), none takes over 2 s; /healthz as in 1; once it
   is continued (SIGCONT), pages are served from the cache again.
3. **Database restarted**: under load, the cluster is stopped (`pg_ctl stop -m fast`) for 5 s,
   then started again. Expected: every failing request is a 503 with the friendly page and
   Retry-After, never a 500, and comes within about the pool's 1 s timeout; /healthz says 503
   during; requests succeed again without restarting gunicorn, within Retry-After (10 s).
4. **Database slow**: under load, every process of the cluster is stopped for 150 ms, then
   continued for 50 ms, in turn, for 8 s: a bare SELECT 1 then takes tens of milliseconds.
   Expected: no 500; at least 9 in 10 requests are still 200s (any other is the friendly 503,
   within the pool's timeout); a page in the cache, asked at random moments, is as fast as
   before; searches are as fast as before once the database is.

Progress goes to stderr; the report, Markdown tables with PASS or FAIL per expectation, to
stdout. The exit status is 1 when any expectation fails, 2 when the run takes longer than
--time-limit (then everything is cleaned up without a report). It takes about 2.5 minutes on
2 CPUs.
"""

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx
from common import (
    GUNICORN,
    Gunicorn,
    free_port,
    prepare_site,
    process_stats,
    run,
    site_environment,
    step,
)

DATABASE = "careerguide"
REQUEST_TIMEOUT = 15  # seconds: an answer slower than this is a hang
HEALTH_EVERY = 0.25  # seconds between two /healthz requests
POOL_TIMEOUT = 1  # seconds: careerguide/settings.py, how long a request waits for the database
CACHE_TIMEOUT = 0.25  # seconds: careerguide/settings.py, how long a cache call waits for Redis
RETRY_AFTER = 10  # seconds: careerguide/views.py, what the 503 page asks clients to wait
FRIENDLY = "We'll be back in a moment"  # templates/503.html
# Bounds of the scenarios, in seconds.
BEFORE = 5
CACHE_OUTAGE = 10
CACHE_AFTER = 8
DATABASE_OUTAGE = 5
DATABASE_AFTER = 15
CALM_END = 3  # the last seconds of the database scenario must be all successes
HUNG_LONGEST = 2  # seconds: no page may take longer while Redis hangs
HUNG_MARGIN = 100  # ms: how much slower than with Redis killed the median page may be
SLOW_FOR = 8  # seconds of a slow database
# A slow database: all its processes stopped for SLOW_STOPPED seconds, then running for
# SLOW_RUNNING, in turn; it has a quarter of the time it had.
SLOW_STOPPED = 0.15
SLOW_RUNNING = 0.05
# Search words: two of them and a pay floor make most searches a new, uncached page.
WORDS = (
    "clerk office assistant manager nurse teacher driver engineer analyst technician sales "
    "cook cashier accountant designer mechanic operator supervisor therapist electrician "
    "developer writer agent inspector worker specialist aide coordinator officer"
).split()
_SLUG = re.compile(r'href="/careers/([a-z0-9-]+)/"')


# --- Processes -----------------------------------------------------------------------------


def postgres_binaries():
    """The folder of pg_ctl (and initdb): PG_BIN, else pg_ctl on PATH, else the newest under
    /usr/lib/postgresql."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent  # /usr/local/bin/pg_ctl may be a link
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3])
    )
    if not versions:
        raise SystemExit("No PostgreSQL server binaries (pg_ctl): install them or set PG_BIN.")
    return versions[-1].parent


class Cluster:
    """A throwaway PostgreSQL cluster in a temporary folder, on a free port."""

    def __init__(self, folder):
        self.bin = postgres_binaries()
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/{DATABASE}"
        self.as_root = os.geteuid() == 0
        if self.as_root:  # initdb refuses root: the cluster belongs to `postgres`
            shutil.chown(self.folder, "postgres", "postgres")
        self.folder.chmod(0o700)
        self.postgres(
            "initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        )  # fmt: skip
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {self.port}\n"
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.folder}'\n"
                # Throwaway data: no need to survive a crash of the machine.
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            )
        self.running = False

    def postgres(self, program, *args):
        command = [self.bin / program, *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return run(command, cwd=self.folder)

    def start(self):
        self.running = True  # from now on, destroy() stops it
        self.postgres("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60", "start")

    def stop(self, mode="fast"):
        self.postgres("pg_ctl", "-D", self.data, "-m", mode, "-w", "-t", "60", "stop")
        self.running = False

    def create_database(self):
        self.postgres("createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", DATABASE)

    def pids(self):
        """The server's processes: the postmaster and its children."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = [pid for pid, fields in process_stats() if int(fields[1]) == postmaster]
        return [postmaster, *children]

    def version(self):
        output = self.postgres("postgres", "--version").stdout
        found = re.search(r"\(PostgreSQL\) (\S+)", output)
        return found[1] if found else output.strip()

    def destroy(self):
        if self.running:
            with contextlib.suppress(SystemExit):
                self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
        step("Stopped the PostgreSQL cluster and removed its folder")


class Redis:
    """A throwaway redis-server on a free port, without persistence."""

    def __init__(self, folder):
        self.port = free_port()
        self.folder = folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", str(self.folder),
                "--logfile", "",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"redis-server stopped at start ({self.process.returncode}).")
            with contextlib.suppress(Exception):
                if self.client().ping():
                    return
            time.sleep(0.02)
        raise SystemExit(f"redis-server did not answer on port {self.port} in 10 s.")

    def client(self):
        import redis

        return redis.Redis(port=self.port, socket_timeout=1, socket_connect_timeout=1)

    def keys(self):
        with contextlib.closing(self.client()) as client:
            return client.dbsize()

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def pause(self):
        """SIGSTOP: the port stays open and the kernel still accepts connections, but nothing
        answers on them (a hung server, not a stopped one)."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.resume()  # a paused server would act on SIGTERM only once continued
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
            step("Stopped redis-server")


class Throttle:
    """While in its `with` block, the cluster's processes are stopped (SIGSTOP) for `stopped`
    seconds, then continued for `running`, in turn: a database that answers everything, late.
    They are continued at the end, also on errors."""

    def __init__(self, cluster, stopped, running):
        self.cluster = cluster
        self.stopped = stopped
        self.running = running
        self.ending = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.pids = []

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.ending.set()
        self.thread.join()
        return False

    def _signal(self, signum):
        for pid in self.pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signum)

    def _loop(self):
        try:
            while not self.ending.is_set():
                self.pids = self.cluster.pids()  # new connections start new processes
                self._signal(signal.SIGSTOP)
                self.ending.wait(self.stopped)
                self._signal(signal.SIGCONT)
                self.ending.wait(self.running)
        finally:
            self._signal(signal.SIGCONT)


# --- Requests ------------------------------------------------------------------------------

HEADERS = {
    "User-Agent": "careerguide-faults",
    "Accept": "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8",
    "Accept-Encoding": "gzip",
}


def fetch(port, path):
    """One GET on a new connection: (status, headers, decompressed body)."""
    with contextlib.closing(Client(port)) as client:
        return client.get(path)


@dataclass
class Sample:
    kind: str
    path: str
    start: float  # seconds since the scenario began
    end: float
    status: int | None  # None: no HTTP answer (refused, reset, timed out)
    error: str = ""
    retry_after: str | None = None
    friendly: bool = False  # the 503 page's text
    health: dict | None = None
    last_modified: str | None = None
    excerpt: str = ""  # the text of an error page other than the friendly 503

    @property
    def ms(self):
        return (self.end - self.start) * 1000


class Client:
    """One keep-alive connection, through httpx: before it sends on a kept-alive connection,
    it checks that the server has not closed it (and opens a new one if so). Proxy settings in
    the environment are ignored."""

    def __init__(self, port):
        self.http = httpx.Client(
            base_url=f"http://127.0.0.1:{port}",
            headers=HEADERS,
            timeout=REQUEST_TIMEOUT,
            limits=httpx.Limits(max_connections=1),
            trust_env=False,
        )

    def close(self):
        self.http.close()

    def get(self, path):
        """(status, headers, decompressed body); httpx.RequestError when no answer came
        (refused, reset, timed out)."""
        response = self.http.get(path)
        return response.status_code, response.headers, response.content


class Load:
    """--clients threads of mixed requests and one of /healthz, until stopped."""

    def __init__(self, port, targets, clients, seed):
        self.port = port
        self.targets = targets
        self.samples = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.origin = time.monotonic()
        self.threads = [
            threading.Thread(target=self._loop, args=(random.Random(seed + n),), daemon=True)
            for n in range(clients)
        ]
        self.threads.append(threading.Thread(target=self._health, daemon=True))

    def now(self):
        return time.monotonic() - self.origin

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(REQUEST_TIMEOUT + 5)
        return False

    def _pick(self, rng):
        kind = rng.choices(("guide", "list", "search", "salary"), weights=(3, 2, 3, 2))[0]
        if kind == "guide":
            return kind, f"/careers/{rng.choice(self.targets['guides'])}/"
        if kind == "salary":
            return kind, f"/careers/{rng.choice(self.targets['salaries'])}/salaries/"
        if kind == "list":
            return kind, f"/careers/?page={rng.randint(1, 8)}"
        words = "+".join(rng.sample(WORDS, 2))
        return kind, f"/careers/?q={words}&pay_min={rng.randint(0, 60) * 1000}"

    def _loop(self, rng):
        client = Client(self.port)
        try:
            while not self.stopping.is_set():
                kind, path = self._pick(rng)
                self._record(client, kind, path)
        finally:
            client.close()

    def _health(self):
        client = Client(self.port)
        try:
            while not self.stopping.is_set():
                begun = time.monotonic()
                self._record(client, "healthz", "/healthz")
                self.stopping.wait(max(0.0, HEALTH_EVERY - (time.monotonic() - begun)))
        finally:
            client.close()

    def _record(self, client, kind, path):
        start = self.now()
        try:
            status, headers, body = client.get(path)
        except httpx.RequestError as error:
            sample = Sample(kind, path, start, self.now(), None, f"{type(error).__name__}")
            time.sleep(0.05)
        else:
            sample = Sample(
                kind,
                path,
                start,
                self.now(),
                status,
                retry_after=headers.get("retry-after"),
                friendly=FRIENDLY.encode() in body.replace(b"&#x27;", b"'"),
                last_modified=headers.get("last-modified"),
            )
            if kind == "healthz":
                with contextlib.suppress(ValueError):
                    sample.health = json.loads(body)
            elif status >= 500 and not sample.friendly:
                text = re.sub(r"<[^>]+>|\s+", " ", body.decode("utf-8", "replace"))
                sample.excerpt = re.sub(r" +", " ", text).strip()[:160]
            if status >= 500 and status != 503:
                step(f"  {status} for {path} after {sample.ms:.0f} ms")
        with self.lock:
            self.samples.append(sample)


def discover(port):
    """Careers to ask for: the guides and salary pages that answer 200, some of each."""
    slugs = []
    for page in (1, 2, 3):
        status, _, body = fetch(port, f"/careers/?page={page}")
        if status != 200:
            raise SystemExit(f"/careers/?page={page} answered {status} before any fault.")
        for slug in _SLUG.findall(body.decode("utf-8", "replace")):
            if slug not in slugs:
                slugs.append(slug)
    rng = random.Random(7)
    chosen = ["back-office-assistant"] + rng.sample(slugs, min(len(slugs), 11))
    targets = {"guides": [], "salaries": []}
    for slug in dict.fromkeys(chosen):
        if fetch(port, f"/careers/{slug}/")[0] == 200:
            targets["guides"].append(slug)
        if fetch(port, f"/careers/{slug}/salaries/")[0] == 200:
            targets["salaries"].append(slug)
    if not targets["guides"] or not targets["salaries"]:
        raise SystemExit(f"No career pages answer 200 before any fault: {targets}")
    step(f"Load on {len(targets['guides'])} guide pages, {len(targets['salaries'])} salary pages")
    return targets


# --- Scenarios -----------------------------------------------------------------------------


class Check:
    def __init__(self):
        self.rows = []

    def __call__(self, expectation, passed, measured):
        self.rows.append((expectation, bool(passed), measured))
        step(f"  {'PASS' if passed else 'FAIL'}: {expectation}: {measured}")

    @property
    def failed(self):
        return [row for row in self.rows if not row[1]]


def percentile(samples, p):
    values = sorted(s.ms for s in samples)
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def statuses(samples):
    counts = Counter("no answer" if s.status is None else s.status for s in samples)
    return ", ".join(f"{key}: {n:,}" for key, n in sorted(counts.items(), key=str)) or "-"


PHASES = ("before", "during", "after")
KINDS = ("guide", "salary", "list", "search", "healthz")


def phase_of(sample, timeline):
    if sample.start < timeline["fault"]:
        return "before"
    if sample.start < timeline["back"]:
        return "during"
    return "after"


def log_summary(text):
    """What gunicorn logged: worker starts, and each distinct exception line with its count."""
    lines = text.splitlines()
    exceptions = Counter(
        line.strip()[:150]
        for line in lines
        if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Timeout|Disconnected)\b.*", line.strip())
    )
    messages = Counter(
        line.strip()[:150]
        for line in lines
        if "[ERROR]" in line or "[CRITICAL]" in line or "WORKER TIMEOUT" in line
    )
    for marker in ("Cache unavailable", "Health check: the database is unavailable"):
        count = sum(marker in line for line in lines)
        if count:
            messages[f"{marker} (warning)"] = count
    return {
        "tracebacks": sum(line.startswith("Traceback") for line in lines),
        "boots": sum("Booting worker" in line for line in lines),
        "exceptions": exceptions,
        "messages": messages,
    }


def cache_lost(server, redis_server, targets, arguments):
    step("Scenario 1, cache lost: load, then redis-server killed for 10 s, then started again")
    check, timeline = Check(), {}
    log_start = len(server.log_text())
    keys_before = redis_server.keys()
    with Load(server.port, targets, arguments.clients, arguments.seed) as load:
        time.sleep(BEFORE)
        timeline["fault"] = load.now()
        redis_server.kill()
        timeline["down"] = load.now()
        step(f"  Killed redis-server at +{timeline['down']:.1f} s")
        time.sleep(CACHE_OUTAGE)
        timeline["restart"] = load.now()
        redis_server.start()
        timeline["back"] = load.now()
        step(f"  redis-server answering again at +{timeline['back']:.1f} s")
        time.sleep(CACHE_AFTER)
        timeline["end"] = load.now()
    samples = load.samples
    keys_after = redis_server.keys()
    guide = f"/careers/{targets['guides'][0]}/"
    modified = last_modified_twice(server.port, guide)
    log = log_summary(server.log_text()[log_start:])

    check_no_5xx(check, samples)
    check_answered(check, samples)
    check_cache_health(check, samples, timeline, "during the outage", "after Redis is back")
    check(
        "The cache is filled again after the restart (Redis keys)",
        keys_after > 0,
        f"{keys_before:,} keys before the kill, 0 after the restart, {keys_after:,} "
        f"{CACHE_AFTER} s later",
    )
    check_cached_again(check, guide, modified)
    return {
        "name": "Cache lost: redis-server killed for 10 s, then started again (empty)",
        "fault": f"redis-server killed (SIGKILL) at +{timeline['fault']:.1f} s, started again "
        f"at +{timeline['restart']:.1f} s, answering at +{timeline['back']:.1f} s; load until "
        f"+{timeline['end']:.1f} s",
        "samples": samples,
        "timeline": timeline,
        "check": check,
        "log": log,
    }


def cache_hung(server, redis_server, targets, arguments, lost):
    """Redis hung; `lost` is scenario 1's result: pages served while Redis was killed, whose
    times are what serving without the cache costs on this machine now."""
    step("Scenario 2, cache hung: load, then redis-server stopped (SIGSTOP) for 10 s, continued")
    check, timeline = Check(), {}
    log_start = len(server.log_text())
    with Load(server.port, targets, arguments.clients, arguments.seed + 50) as load:
        time.sleep(BEFORE)
        timeline["fault"] = load.now()
        redis_server.pause()
        timeline["down"] = load.now()
        step(f"  Stopped redis-server (SIGSTOP) at +{timeline['down']:.1f} s")
        time.sleep(CACHE_OUTAGE)
        timeline["restart"] = timeline["back"] = load.now()
        redis_server.resume()
        step(f"  Continued redis-server (SIGCONT) at +{timeline['back']:.1f} s")
        time.sleep(CACHE_AFTER)
        timeline["end"] = load.now()
    samples = load.samples
    guide = f"/careers/{targets['guides'][0]}/"
    fetch(server.port, guide)  # cached again now, if not yet
    modified = last_modified_twice(server.port, guide)
    log = log_summary(server.log_text()[log_start:])

    check_no_5xx(check, samples)
    check_answered(check, samples)
    hung, dead = pages_during(samples, timeline), pages_during(lost["samples"], lost["timeline"])
    hung_median, dead_median = percentile(hung, 50), percentile(dead, 50)
    check(
        f"A hung Redis costs what a dead one does: the median page while it hangs within "
        f"{HUNG_MARGIN} ms of the median while it was killed (each cache call waiting "
        f"{CACHE_TIMEOUT * 1000:.0f} ms for it would add more)",
        None not in (hung_median, dead_median) and hung_median <= dead_median + HUNG_MARGIN,
        f"p50 {_ms(hung_median)} of {len(hung):,} pages while it hung, {_ms(dead_median)} of "
        f"{len(dead):,} while it was killed",
    )
    longest = max((s.ms for s in hung), default=None)
    check(
        f"No page waits long: the slowest within {HUNG_LONGEST} s",
        longest is not None and longest <= HUNG_LONGEST * 1000,
        f"max {_ms(longest)}",
    )
    check_cache_health(check, samples, timeline, "while Redis hangs", "once Redis answers again")
    check_cached_again(check, guide, modified)
    return {
        "name": "Cache hung: redis-server stopped (SIGSTOP) for 10 s, then continued",
        "fault": f"redis-server stopped (SIGSTOP: connections accepted, never answered) at "
        f"+{timeline['fault']:.1f} s, continued (SIGCONT) at +{timeline['back']:.1f} s; load "
        f"until +{timeline['end']:.1f} s",
        "samples": samples,
        "timeline": timeline,
        "check": check,
        "log": log,
    }


def pages_during(samples, timeline):
    """The pages (not /healthz, which asks each service itself) asked during a fault."""
    return [
        s
        for s in samples
        if s.kind != "healthz" and timeline["down"] <= s.start < timeline["restart"]
    ]


def check_answered(check, samples):
    lost = Counter(s.error for s in samples if s.status is None)
    check(
        "Every request answered (no refused, reset or timed-out connection)",
        not lost,
        f"{sum(lost.values())} without an answer" + (f" ({dict(lost)})" if lost else ""),
    )


def last_modified_twice(port, guide):
    """The Last-Modified of `guide` fetched twice, 1.1 s apart: the same if it came from the
    page cache both times."""
    first = fetch(port, guide)[1].get("last-modified")
    time.sleep(1.1)
    return first, fetch(port, guide)[1].get("last-modified")


def check_cached_again(check, guide, modified):
    first, second = modified
    check(
        "A cached page is served from the cache again (same Last-Modified 1.1 s apart)",
        first is not None and first == second,
        f"`{guide}`: {first} then {second}",
    )


def check_no_5xx(check, samples):
    fives = [s for s in samples if s.status is not None and s.status >= 500]
    check("No 5xx response", not fives, f"{len(fives)} of {len(samples):,} ({statuses(fives)})")


def check_cache_health(check, samples, timeline, during, after):
    """/healthz said the cache was away while Redis was (`during`), and ok once it was back
    (`after`)."""
    check_health_during(
        check,
        samples,
        timeline,
        f'/healthz {during}: 200, "degraded", cache "unavailable"',
        lambda s: (
            s.status == 200
            and (s.health or {}).get("status") == "degraded"
            and (s.health or {}).get("cache") == "unavailable"
        ),
    )
    back = [s for s in samples if s.kind == "healthz" and s.start >= timeline["back"]]
    ok = [s for s in back if s.status == 200 and (s.health or {}).get("cache") == "ok"]
    check(
        f'/healthz {after}: 200, cache "ok"',
        back and len(ok) == len(back),
        f"{len(ok)} of {len(back)} answers" + _other_health(back, ok),
    )


def check_health_during(check, samples, timeline, expectation, says_down):
    """Every /healthz that began while the service was down and was answered before it was
    started again must say so (one answered later may say either); at least one must."""
    began = [
        s
        for s in samples
        if s.kind == "healthz" and timeline["down"] <= s.start < timeline["restart"]
    ]
    down = [s for s in began if says_down(s)]
    wrong = [s for s in began if s not in down and s.end <= timeline["restart"]]
    late = len(began) - len(down) - len(wrong)
    measured = (
        f"{len(down)} of the {len(began)} that began during it"
        + (f" ({late} answered after the restart began)" if late else "")
        + _other_health(wrong, [])
    )
    if not began:  # the poller waited all along: say on what
        waiting = [
            s
            for s in samples
            if s.kind == "healthz" and s.start < timeline["restart"] and s.end > timeline["down"]
        ]
        measured += ": the poller was waiting for " + (
            ", ".join(f"a {s.status or s.error} that took {s.ms:,.0f} ms" for s in waiting)
            or "nothing"
        )
    check(expectation, down and not wrong, measured)


def _other_health(samples, good):
    others = Counter(
        f"{s.status} {json.dumps(s.health) if s.health else s.error or '(no JSON)'}"
        for s in samples
        if s not in good
    )
    return "; other: " + ", ".join(f"{k} ×{n}" for k, n in others.items()) if others else ""


def database_restarted(server, cluster, targets, arguments):
    step("Scenario 3, database restarted: load, then PostgreSQL stopped for 5 s, then started")
    check, timeline = Check(), {}
    log_start = len(server.log_text())
    workers_before = server.worker_pids()
    with Load(server.port, targets, arguments.clients, arguments.seed + 100) as load:
        time.sleep(BEFORE)
        timeline["fault"] = load.now()
        cluster.stop("fast")
        timeline["down"] = load.now()
        step(f"  PostgreSQL stopped at +{timeline['down']:.1f} s")
        time.sleep(DATABASE_OUTAGE)
        timeline["restart"] = load.now()
        cluster.start()
        timeline["back"] = load.now()
        step(f"  PostgreSQL accepting connections again at +{timeline['back']:.1f} s")
        time.sleep(DATABASE_AFTER)
        timeline["end"] = load.now()
    samples = load.samples
    workers_after = server.worker_pids()
    log = log_summary(server.log_text()[log_start:])

    during = [s for s in samples if timeline["fault"] <= s.start < timeline["back"]]
    failed = [s for s in samples if s.status == 503]
    check(
        "During the outage every request is a 200 (a page from the cache) or a 503, and some "
        "are 503s",
        failed and all(s.status in (200, 503) for s in during),
        f"{len(during):,} requests began during it: {statuses(during)}",
    )
    other = [s for s in samples if s.status not in (None, 200, 503)]
    check(
        "Overall no 5xx other than 503 (no 500), nor any other error status",
        not other,
        f"{len(other)} of {len(samples):,} ({statuses(other)})",
    )
    check_answered(check, samples)
    pages = [s for s in failed if s.kind != "healthz"]
    proper = [s for s in pages if s.friendly and s.retry_after == str(RETRY_AFTER)]
    check(
        f"Every 503 page is the friendly page with Retry-After: {RETRY_AFTER}",
        len(proper) == len(pages),
        f"{len(proper)} of {len(pages)} 503 pages (and /healthz's 503s, JSON)",
    )
    p95 = percentile(failed, 95)
    check(
        f"503s come fast: p95 within the pool timeout ({POOL_TIMEOUT} s) + 0.5 s",
        p95 is not None and p95 <= (POOL_TIMEOUT + 0.5) * 1000,
        f"503s: p50 {_ms(percentile(failed, 50))}, p95 {_ms(p95)}, "
        f"max {_ms(max((s.ms for s in failed), default=None))}",
    )
    check_health_during(
        check,
        samples,
        timeline,
        '/healthz during the outage: 503, database "unavailable"',
        lambda s: s.status == 503 and (s.health or {}).get("database") == "unavailable",
    )
    # Recovery: /healthz (which always asks the database) answered 200 after it was down;
    # measured from the moment it accepts connections again.
    needing = [
        s
        for s in samples
        if s.kind == "healthz" and s.start >= timeline["down"] and s.status == 200
    ]
    first = min((s.end for s in needing), default=None)
    failures_after = [s for s in samples if s.status != 200 and s.end >= timeline["back"]]
    last_failure = max((s.end for s in failures_after), default=timeline["back"])
    recovered = first is not None and last_failure - timeline["back"] <= RETRY_AFTER
    check(
        f"Requests succeed again without restarting gunicorn, within Retry-After "
        f"({RETRY_AFTER} s)",
        recovered,
        (
            f"first success {first - timeline['back']:.2f} s after the database was back"
            if first is not None
            else "no success after the database was back"
        )
        + f", last failure {last_failure - timeline['back']:.2f} s after "
        f"({len(failures_after)} failures ended after it was back)",
    )
    calm = [s for s in samples if s.start >= timeline["end"] - CALM_END]
    calm_ok = [s for s in calm if s.status == 200]
    check(
        f"The last {CALM_END} s of load: every request 200",
        calm and len(calm_ok) == len(calm),
        f"{len(calm_ok)} of {len(calm)}",
    )
    same = workers_before == workers_after and server.process.poll() is None
    check(
        "The same gunicorn processes throughout (no restart, no worker replaced)",
        same and log["boots"] == 0,
        f"workers {sorted(workers_before)} before, {sorted(workers_after)} after; "
        f"{log['boots']} workers booted",
    )
    return {
        "name": "Database restarted: PostgreSQL stopped (fast) for 5 s, then started again",
        "fault": f"`pg_ctl stop -m fast` at +{timeline['fault']:.1f} s (stopped at "
        f"+{timeline['down']:.1f} s), `pg_ctl start` at +{timeline['restart']:.1f} s "
        f"(accepting connections at +{timeline['back']:.1f} s); load until "
        f"+{timeline['end']:.1f} s",
        "samples": samples,
        "timeline": timeline,
        "check": check,
        "log": log,
    }


def database_slow(server, cluster, targets, arguments):
    step(
        f"Scenario 4, database slow: load, then PostgreSQL given a quarter of the time for "
        f"{SLOW_FOR} s"
    )
    import psycopg

    check, timeline = Check(), {}
    log_start = len(server.log_text())
    guide = f"/careers/{targets['guides'][0]}/"
    fetch(server.port, guide)  # in the cache
    with (
        psycopg.connect(cluster.url, autocommit=True) as database,
        contextlib.closing(Client(server.port)) as client,
        Load(server.port, targets, arguments.clients, arguments.seed + 150) as load,
    ):
        probe = Probe(database, client, guide)
        quick = probe.run(BEFORE)
        timeline["fault"] = timeline["down"] = load.now()
        with Throttle(cluster, SLOW_STOPPED, SLOW_RUNNING):
            step(f"  PostgreSQL slowed down at +{timeline['down']:.1f} s")
            slow = probe.run(SLOW_FOR)
        timeline["restart"] = timeline["back"] = load.now()
        step(f"  PostgreSQL at full speed again at +{timeline['back']:.1f} s")
        time.sleep(CACHE_AFTER)
        timeline["end"] = load.now()
    samples = load.samples
    log = log_summary(server.log_text()[log_start:])

    def of(kinds, phase):
        return [s for s in samples if s.kind in kinds and phase_of(s, timeline) == phase]

    # The mean, not the median: the probe's queries fall in step with the stop-and-run cycle
    # (one that waited out a stop runs at once, the next often too), so its median is at the
    # mercy of that phase (31 ms in one run, 16 in another), while the waits show in the mean.
    check(
        "The database was slow: a bare SELECT 1 took 20 ms or more on average",
        statistics.mean(slow["query"]) >= 20,
        f"SELECT 1 mean {_ms(statistics.mean(quick['query']))} before "
        f"({len(quick['query'])} queries), {_ms(statistics.mean(slow['query']))} during "
        f"({len(slow['query'])}); p50 {_ms(statistics.median(slow['query']))}, "
        f"max {_ms(max(slow['query']))}",
    )
    other = [s for s in samples if s.status not in (None, 200, 503)]
    check(
        "No 5xx other than 503 (no 500), nor any other error status",
        not other,
        f"{len(other)} of {len(samples):,} ({statuses(other)})",
    )
    check_answered(check, samples)
    during = of(KINDS, "during")
    served = [s for s in during if s.status == 200]
    check(
        "Slow is not down: at least 9 in 10 requests during it are 200s",
        during and len(served) >= 0.9 * len(during),
        f"{len(during):,} requests began during it: {statuses(during)}",
    )
    failed = [s for s in samples if s.status == 503 and s.kind != "healthz"]
    proper = [s for s in failed if s.friendly and s.retry_after == str(RETRY_AFTER)]
    check(
        f"Every 503 page is the friendly page with Retry-After: {RETRY_AFTER}, within the pool "
        f"timeout ({POOL_TIMEOUT} s) + 0.5 s",
        len(proper) == len(failed) and all(s.ms <= (POOL_TIMEOUT + 0.5) * 1000 for s in failed),
        f"{len(proper)} of {len(failed)} 503 pages"
        + (f", the slowest {_ms(max(s.ms for s in failed))}" if failed else ""),
    )
    fast, late = statistics.median(quick["page"]), statistics.median(slow["page"])
    answers = Counter(quick["status"] + slow["status"])
    check(
        "A cached page does not wait for the database: a 200, its median during it within "
        "twice before's + 10 ms",
        late <= 2 * fast + 10 and set(answers) == {200},
        f"`{guide}` p50 {_ms(fast)} before ({len(quick['page'])} requests), {_ms(late)} "
        f"during ({len(slow['page'])}); statuses {dict(answers)}",
    )
    searches = {phase: percentile(of(("search",), phase), 50) for phase in PHASES}
    check(
        "Searches (most of them new, not cached) are as fast as before once the database is: "
        "p50 after within twice before's",
        None not in searches.values() and searches["after"] <= 2 * searches["before"],
        f"search p50 {_ms(searches['before'])} before, {_ms(searches['during'])} during, "
        f"{_ms(searches['after'])} after",
    )
    calm = [s for s in samples if s.start >= timeline["end"] - CALM_END]
    calm_ok = [s for s in calm if s.status == 200]
    check(
        f"The last {CALM_END} s of load: every request 200",
        calm and len(calm_ok) == len(calm),
        f"{len(calm_ok)} of {len(calm)}",
    )
    return {
        "name": f"Database slow: PostgreSQL given a quarter of the time for {SLOW_FOR} s",
        "fault": f"every PostgreSQL process stopped (SIGSTOP) for {SLOW_STOPPED * 1000:.0f} ms "
        f"then continued for {SLOW_RUNNING * 1000:.0f} ms, in turn, from "
        f"+{timeline['fault']:.1f} s to +{timeline['back']:.1f} s; load until "
        f"+{timeline['end']:.1f} s",
        "samples": samples,
        "timeline": timeline,
        "check": check,
        "log": log,
    }


class Probe:
    """A bare SELECT 1 on the database, and a page from the site's cache, each timed, in turn
    and at random moments (the load's clients, each waiting for its last answer, send most of
    their requests while the database runs: these do not)."""

    def __init__(self, connection, client, path):
        self.connection = connection
        self.client = client
        self.path = path
        self.rng = random.Random(3)

    def run(self, seconds):
        """{"query": ms, "page": ms, "status": of the page} of each probe for `seconds`."""
        times = {"query": [], "page": [], "status": []}
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            begun = time.perf_counter()
            self.connection.execute("SELECT 1")
            times["query"].append((time.perf_counter() - begun) * 1000)
            time.sleep(self.rng.uniform(0.02, 0.2))
            begun = time.perf_counter()
            status = self.client.get(self.path)[0]
            times["page"].append((time.perf_counter() - begun) * 1000)
            times["status"].append(status)
            time.sleep(self.rng.uniform(0.02, 0.2))
        return times


def _ms(value):
    return "-" if value is None else f"{value:,.0f} ms"


# --- Report --------------------------------------------------------------------------------


def scenario_report(number, result):
    samples, timeline = result["samples"], result["timeline"]
    spans = {
        "before": timeline["fault"],
        "during": timeline["back"] - timeline["fault"],
        "after": timeline["end"] - timeline["back"],
    }
    lines = [
        f"#### {number}. {result['name']}",
        "",
        result["fault"] + ".",
        "",
        "| phase | seconds | requests | statuses | p50 ms | p95 ms | max ms |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    phases = {name: [] for name in spans}
    for sample in samples:
        phases[phase_of(sample, timeline)].append(sample)
    for name, group in [*phases.items(), ("all", samples)]:
        seconds = sum(spans.values()) if name == "all" else spans[name]
        lines.append(
            f"| {name} | {seconds:.1f} | {len(group):,} | {statuses(group)} | "
            f"{_num(percentile(group, 50))} | {_num(percentile(group, 95))} | "
            f"{_num(max((s.ms for s in group), default=None))} |"
        )
    lines += [
        "",
        "| request | before: n, p50 / p95 ms | during | after | statuses |",
        "| --- | --- | --- | --- | --- |",
    ]
    for kind in KINDS:
        of_kind = [s for s in samples if s.kind == kind]
        cells = []
        for name in spans:
            group = [s for s in phases[name] if s.kind == kind]
            cells.append(
                f"{len(group)}: {_num(percentile(group, 50))} / {_num(percentile(group, 95))}"
                if group
                else "-"
            )
        lines.append(f"| {kind} | {' | '.join(cells)} | {statuses(of_kind)} |")
    lines += ["", "| expectation | measured | |", "| --- | --- | --- |"]
    for expectation, passed, measured in result["check"].rows:
        lines.append(f"| {expectation} | {measured} | {'PASS' if passed else '**FAIL**'} |")
    problems = [
        s
        for s in samples
        if s.status is None
        or (s.status >= 500 and s.status != 503)
        or (s.status == 503 and s.kind != "healthz" and not (s.friendly and s.retry_after))
    ]
    if problems:
        lines += ["", "Unexpected answers (at most 10):", ""]
        lines += [
            f"- +{s.start:.2f} s `{s.path}`: {s.status or s.error} after {s.ms:,.0f} ms"
            f"{f', Retry-After {s.retry_after}' if s.retry_after else ''}"
            f"{f', page: {s.excerpt!r}' if s.excerpt else ''}"
            for s in problems[:10]
        ]
    log = result["log"]
    noted = [*log["messages"].items(), *log["exceptions"].items()]
    lines += [
        "",
        f"gunicorn's log meanwhile: tracebacks {log['tracebacks']}, workers booted "
        f"{log['boots']}" + ("; exception and error lines:" if noted else "."),
    ]
    if noted:
        lines.append("")
        lines += [f"- `{text}` ×{count}" for text, count in noted[:12]]
    return lines


def _num(value):
    return "-" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def report(facts, results, arguments):
    lines = [
        f"### Faults, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        "| machine | |",
        "| --- | --- |",
        *(f"| {name} | {value} |" for name, value in facts),
        "",
        f"Load: {arguments.clients} clients (keep-alive, closed loop: guide 30 %, search 30 %, "
        f"list 20 %, salary 20 %) and /healthz every {HEALTH_EVERY} s. Phases by when a "
        "request began: before the fault, during it (until the service answers again), after.",
    ]
    for number, result in enumerate(results, start=1):
        lines += ["", *scenario_report(number, result)]
    failed = sum(len(result["check"].failed) for result in results)
    total = sum(len(result["check"].rows) for result in results)
    lines += [
        "",
        f"**{'FAIL' if failed else 'PASS'}**: {total - failed} of {total} expectations met.",
    ]
    return "\n".join(lines)


# --- Main ----------------------------------------------------------------------------------


class TimeLimit(BaseException):
    """The run took longer than --time-limit."""


def _stop_on_signal(signum, frame):
    # As Ctrl-C: unwind so that everything is cleaned up; a second signal does not interrupt it.
    for other in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM):
        signal.signal(other, signal.SIG_IGN)
    raise TimeLimit if signum == signal.SIGALRM else KeyboardInterrupt


def parse_arguments():
    parser = argparse.ArgumentParser(
        description="Fault injection: kill Redis, hang it, restart PostgreSQL, slow it down, "
        "under load on the site served by gunicorn as make serve runs it; PASS or FAIL per "
        "expectation.",
    )
    parser.add_argument(
        "--clients",
        type=int,
        default=4,
        help="Concurrent load clients, besides the /healthz poller (default: %(default)s).",
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="Seed of the request mix (default: %(default)s)."
    )
    parser.add_argument(
        "--time-limit",
        type=int,
        default=300,
        help="Stop, clean up and fail after this many seconds (default: %(default)s).",
    )
    arguments = parser.parse_args()
    if arguments.clients < 1 or arguments.time_limit < 1:
        parser.error("--clients and --time-limit must be at least 1.")
    if not GUNICORN.exists():
        parser.error(f"{GUNICORN} is missing: run `make install` first.")
    if not shutil.which("redis-server"):
        parser.error("redis-server is missing.")
    return arguments


def main():
    arguments = parse_arguments()
    started = time.perf_counter()
    signal.signal(signal.SIGINT, _stop_on_signal)
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGALRM, _stop_on_signal)
    signal.alarm(arguments.time_limit)
    with contextlib.ExitStack() as stack:
        folder = tempfile.mkdtemp(prefix="careerguide_faults_")
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        cluster_folder = tempfile.mkdtemp(prefix="careerguide_faults_pg_")
        stack.callback(shutil.rmtree, cluster_folder, ignore_errors=True)
        step("Creating a throwaway PostgreSQL cluster (initdb)")
        cluster = Cluster(cluster_folder)
        stack.callback(cluster.destroy)
        cluster.start()
        cluster.create_database()
        step(f"PostgreSQL {cluster.version()} on port {cluster.port}, in {cluster_folder}")
        redis_server = Redis(folder)
        stack.callback(redis_server.stop)
        redis_server.start()
        step(f"redis-server on port {redis_server.port}")
        environment = site_environment(cluster.url, redis_server.url, HTTPS="false")
        prepare_site(environment)
        server = Gunicorn(environment, Path(folder) / "gunicorn.log")
        stack.callback(server.stop)
        server.wait_until_ready(fetch, "/healthz")
        targets = discover(server.port)
        workers = len(server.worker_pids())
        facts = [
            ("PostgreSQL", f"{cluster.version()} (throwaway cluster, port {cluster.port})"),
            ("Redis", f"redis-server {_redis_version()} (throwaway, port {redis_server.port})"),
            (
                "gunicorn",
                f"{workers} processes × {environment.get('THREADS', '4')} threads, "
                "careerguide/gunicorn.py",
            ),
            ("CPUs", str(os.cpu_count())),
            ("load average at start", " ".join(f"{v:.2f}" for v in os.getloadavg())),
        ]
        lost = cache_lost(server, redis_server, targets, arguments)
        results = [
            lost,
            cache_hung(server, redis_server, targets, arguments, lost),
            database_restarted(server, cluster, targets, arguments),
            database_slow(server, cluster, targets, arguments),
        ]
        signal.alarm(0)  # the cleanup is not interrupted
    step(f"Done in {time.perf_counter() - started:.0f} s")
    print(report(facts, results, arguments))
    if any(result["check"].failed for result in results):
        sys.exit(1)


def _redis_version():
    output = run(["redis-server", "--version"]).stdout
    found = re.search(r"v=([\d.]+)", output)
    return found[1] if found else "?"


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        step("Interrupted: gunicorn, Redis and the PostgreSQL cluster were stopped and removed.")
        sys.exit(130)
    except TimeLimit:
        step("FAIL: over the time limit; gunicorn, Redis and the PostgreSQL cluster were stopped.")
        sys.exit(2)
