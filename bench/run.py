"""Build speed and scale of the PST site: synthetic plans of N actions, measured end to end.

For each size N of ``SIZES`` (environment, default "162,1620,16200"), on a synthetic project
written by ``bench/synthetic.py``, the median of ``RUNS`` runs (default 3) of:

  check     ``pst check`` (every legislature of the project)
  build     our strict build: ``python -m mkdocs build --strict -d <tmp>``
  plancher  the floor: plain MkDocs + Material (same theme, features, extensions, nav, search)
            building the very same pages written once as static Markdown: no macros plugin, no
            hooks. ours / floor isolates the overhead of our own code.
  publish   ``pst publish 2019-2024`` into a git repository whose gh-pages branch already holds
            3 versions (copies of the same legislature under other names).

Wall time of the whole process (interpreter start included, the same for every command) and
peak RSS (``/usr/bin/time -v``, else ``os.wait4``: the largest process of the tree).

Results are merged into ``bench/RESULTS.md`` (the block between the markers; the raw figures are
kept in a comment so sizes measured on another day stay in the table). The last lines printed,
one per size measured, read: ``taille N: check X.XX s, build X.XX s, plancher X.XX s, ratio X.XX,
memoire N Mo``.

Other settings (environment): RUNS, BENCH_PUBLISH=0 (skip publishing), BENCH_TIMEOUT (seconds
per command, default 3600), BENCH_KEEP=1 (keep the work folder), BENCH_WORK (work folder),
RESULTS (file to write, default bench/RESULTS.md; "-" for none).

``python bench/run.py --profile N`` profiles one strict build of N actions with pyinstrument and
prints where the time goes, by phase (search index, Material's page template, Markdown, ours...).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
if str(REPO) not in sys.path:  # ``macros`` normally comes from PYTHONPATH (the snapshot) or
    sys.path.append(str(REPO))  # the editable install; the repository is the last resort

import synthetic  # noqa: E402

TIME_BIN = "/usr/bin/time"
FAKE_LEGISLATURES = ("2001-2006", "2007-2012", "2013-2018")
BEGIN = "<!-- BEGIN mesures : écrit par bench/run.py, ne pas modifier à la main -->"
END = "<!-- END mesures -->"
DATA_RE = re.compile(r"<!-- bench-data\n(.*?)\n-->", re.S)
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "mike", "Markdown",
            "pymdown-extensions", "Jinja2", "pydantic", "PyYAML")


# --- measuring one command ------------------------------------------------------------------------


@dataclass
class Sample:
    wall: float
    rss_kb: int
    rc: int
    cpu: float = 0.0  # user + system seconds of the process tree


@dataclass
class Measure:
    times: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def rss_median_kb(self) -> int:
        return int(statistics.median(self.rss_kb))

    def as_dict(self) -> dict:
        return {"times": [round(t, 3) for t in self.times], "median": round(self.median, 3),
                "rss_kb": self.rss_kb, "rss_median_kb": self.rss_median_kb,
                "cpu": [round(c, 3) for c in self.cpu],
                "cpu_median": round(statistics.median(self.cpu), 3) if self.cpu else None}

    def add(self, sample: Sample) -> None:
        self.times.append(sample.wall)
        self.rss_kb.append(sample.rss_kb)
        self.cpu.append(sample.cpu)


class CommandFailed(RuntimeError):
    pass


# The generator measured by this run: a copy of macros/ taken when the run starts (others may
# edit the repository meanwhile). Projects link to it and every command imports it first.
SNAPSHOT: Path | None = None


def take_snapshot(work: Path) -> dict:
    """Copy macros/ into work/generateur/ and put it first on PYTHONPATH for every command."""
    import hashlib

    global SNAPSHOT
    reuse = os.environ.get("BENCH_SNAPSHOT")  # a snapshot of an earlier run: same code measured
    root = Path(reuse) if reuse else work / "generateur"
    if not reuse:
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(REPO / "macros", root / "macros",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    digest = hashlib.sha256()
    for path in sorted((root / "macros").rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    SNAPSHOT = root
    return {"snapshot": str(root / "macros"), "code_sha256": digest.hexdigest()[:12]}


def macros_dir() -> Path:
    return SNAPSHOT / "macros" if SNAPSHOT else REPO / "macros"


def base_env() -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    env.pop("PST_LEGISLATURE", None)
    if SNAPSHOT:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SNAPSHOT), env.get("PYTHONPATH")]))
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants now, in kB (0 once it is gone)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            found = re.search(r"^VmRSS:\s+(\d+)", status, re.M)
            total += int(found.group(1)) if found else 0
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue  # ended meanwhile
    return total


class TreeMemory(threading.Thread):
    """Peak of ``tree_rss_kb``, sampled every 50 ms: a build runs a second process (the search
    index worker) beside MkDocs, and ``time -v`` reports the largest single process only."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            self.peak_kb = max(self.peak_kb, tree_rss_kb(self.pid))


def run_measured(cmd: list[str], cwd: Path, log: Path, timeout: float,
                 env: dict | None = None) -> Sample:
    """Run ``cmd``; wall time and peak RSS of its process tree. Output goes to ``log``."""
    env = env or base_env()
    log.parent.mkdir(parents=True, exist_ok=True)
    use_time = os.access(TIME_BIN, os.X_OK)
    report = log.with_suffix(".time")
    full = [TIME_BIN, "-v", "-o", str(report), *cmd] if use_time else cmd
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        tree = TreeMemory(proc.pid) if Path("/proc/self/task").is_dir() else None
        if tree:
            tree.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            if tree:
                tree.done.set()
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss_kb = usage.ru_maxrss  # kB on Linux: the child itself (time(1) or the command)
    cpu = usage.ru_utime + usage.ru_stime  # time(1) included: it waits for the command
    if use_time and report.is_file():
        text = report.read_text()
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        if found:
            rss_kb = int(found.group(1))
        user = re.search(r"User time \(seconds\): ([\d.]+)", text)
        system = re.search(r"System time \(seconds\): ([\d.]+)", text)
        if user and system:
            cpu = float(user.group(1)) + float(system.group(1))
    if tree:
        tree.join()
        rss_kb = max(rss_kb, tree.peak_kb)
    return Sample(wall, rss_kb, proc.returncode, cpu)


def run_once(name: str, i: int, runs: int, cmd: list[str], cwd: Path, logs: Path,
             timeout: float, env: dict | None = None) -> Sample:
    log = logs / f"{name.replace(' ', '-')}-{i + 1}.log"
    sample = run_measured(cmd, cwd, log, timeout, env)
    if sample.rc != 0:
        tail = log.read_text("utf-8", "replace")[-3000:]
        raise CommandFailed(f"{name} : échec (code {sample.rc}) après {sample.wall:.1f} s"
                            f"{' (délai dépassé)' if sample.wall >= timeout else ''}"
                            f" — fin du journal {log} :\n{tail}")
    print(f"  {name} {i + 1}/{runs} : {sample.wall:.2f} s (processeur {sample.cpu:.2f} s), "
          f"{sample.rss_kb / 1024:.0f} Mo, charge {os.getloadavg()[0]:.1f}", flush=True)
    return sample


def repeat(name: str, cmd: list[str], cwd: Path, logs: Path, runs: int, timeout: float,
           before=None, env: dict | None = None) -> Measure:
    measure = Measure()
    for i in range(runs):
        if before:
            before(i)
        measure.add(run_once(name, i, runs, cmd, cwd, logs, timeout, env))
    return measure


# --- the floor: the same pages as static Markdown, plain MkDocs + Material ----------------------------


class _MacrosEnv:
    """What ``macros.define_env`` needs from mkdocs-macros' env (to render hand-written pages)."""

    def __init__(self, use_directory_urls: bool):
        self.variables: dict = {}
        self.page = None
        self.conf = SimpleNamespace(use_directory_urls=use_directory_urls)

    def macro(self, fn, name: str | None = None):
        self.variables[name or fn.__name__] = fn
        return fn


def _yaml_loader():
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def env_tag(loader, node):  # !ENV [NAME, default] or !ENV NAME
        if isinstance(node, yaml.SequenceNode):
            items = loader.construct_sequence(node)
            return next((os.environ[n] for n in items[:-1] if n in os.environ), items[-1])
        return os.environ.get(loader.construct_scalar(node))

    Loader.add_constructor("!ENV", env_tag)
    return Loader


def _split_front_matter(text: str) -> tuple[str, str]:
    found = re.match(r"^---\s*\n.*?\n---\s*\n", text, re.S)
    return (found.group(0), text[found.end():]) if found else ("", text)


def _not_in_nav_patterns(hidden: list[str], shown: list[str]) -> str:
    """``not_in_nav`` for the pages ours marks NOT_IN_NAV (OO and action pages...).

    One pattern per "folder/word-" prefix ("/plan/action-*.md") rather than one line per page,
    which pathspec would match in O(pages²); exact paths when a prefix would catch a shown page.
    """
    import fnmatch

    groups: dict[str, list[str]] = {}
    for uri in hidden:
        folder, _, name = uri.rpartition("/")
        word = name.split("-", 1)[0]
        key = f"{folder}/{word}-*.md" if "-" in name else uri
        groups.setdefault(key, []).append(uri)
    lines = []
    for pattern, members in sorted(groups.items()):
        if "*" in pattern and not any(fnmatch.fnmatchcase(u, pattern) for u in shown):
            lines.append("/" + pattern)
        else:
            lines += ["/" + u for u in members]
    return "\n".join(lines)


def write_floor_in_subprocess(project: Path, floor: Path, logs: Path, timeout: float) -> dict:
    """``write_floor`` run by the measured generator (the snapshot), not by this process."""
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / "plancher-ecriture.log"
    with log.open("wb") as out:
        code = subprocess.call([sys.executable, str(Path(__file__).resolve()), "--write-floor",
                                str(project), str(floor)], cwd=project, env=base_env(),
                               stdout=out, stderr=subprocess.STDOUT, timeout=timeout)
    text = log.read_text("utf-8", "replace")
    if code:
        raise CommandFailed(f"écriture du plancher : échec (code {code}) — fin du journal {log} :\n"
                            f"{text[-3000:]}")
    return json.loads(text.strip().splitlines()[-1])


def write_floor(project: Path, floor: Path) -> dict:
    """Write the floor project: every page of our build as a static file.

    The generator's own functions produce the content, as in a build: ``macros.build.start``
    on the project's MkDocs config (load_plan, git history, plan_pages, expand_nav...), then
    ``macros.generated.generated_files`` (every generated page, the chapters, the exports):

    - each generated file is written at its ``src_uri`` (Markdown, JSON, CSV, XLSX);
    - hand-written pages (docs/) and chapters: their macro calls are rendered once with the
      macros of ``macros.define_env`` (what the macros plugin does at each build);
    - what our hooks add per page at build time is made static: the « Dernière mise à jour »
      date (``audit.last_update``) goes into the front matter; the « Modifier cette page »
      button is rendered by the same partial through ``edit_uri_template`` (other URL, same
      markup);
    - mkdocs.yml: the project's, without the macros plugin and the hooks, nav as expanded by
      ``build.start``, pages ours marks NOT_IN_NAV declared ``not_in_nav``.
    """
    import yaml
    from jinja2 import Environment, StrictUndefined
    from mkdocs.config import load_config

    import macros as pst_macros
    from macros import audit, urls
    from macros import build as pst_build
    from macros import generated as pst_generated
    from macros.rendering import date_fr

    raw = yaml.load((project / "mkdocs.yml").read_text("utf-8"), Loader=_yaml_loader())
    cwd = os.getcwd()
    os.chdir(project)
    try:
        config = load_config(str(project / "mkdocs.yml"))
        state = pst_build.start(config)
        config.plugins._current_plugin = None  # set by MkDocs while it runs events (MkDocs 1.6.1)
        generated = pst_generated.generated_files(state, config)
    finally:
        os.chdir(cwd)
    use_dir = config.use_directory_urls
    if floor.exists():
        shutil.rmtree(floor)
    docs = floor / "docs"
    shutil.copytree(config.docs_dir, docs)  # exclude_docs is kept in the floor's mkdocs.yml
    # Our build may keep HTML blocks away from Markdown (placeholders restored after it runs):
    # the floor gets the page as rendered, blocks in place, as a static Markdown file would be.
    stashes = getattr(state, "stashes", {})  # filled as pages are rendered (when read)
    for file in generated:
        target = docs / file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        content = file.content_bytes
        if stashes.get(file.src_uri):
            from macros.stash import restore_blocks

            content = restore_blocks(content.decode("utf-8"), stashes[file.src_uri]).encode("utf-8")
        target.write_bytes(content)

    env = _MacrosEnv(use_dir)
    pst_macros.define_env(env)
    jinja = Environment(undefined=StrictUndefined)
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    assert not any("data-pst-bloc" in (docs / p).read_text("utf-8") for p in pages), \
        "placeholder left in a floor page: update write_floor to the generator's stash"
    for src_uri in pages:
        path = docs / src_uri
        front, body = _split_front_matter(path.read_text("utf-8"))
        page = SimpleNamespace(url=urls.url_of(src_uri, use_dir),
                               file=SimpleNamespace(src_uri=src_uri))
        if "render_macros: false" not in front:  # hand-written page or chapter
            env.page = page
            body = jinja.from_string(body).render(**env.variables)
            # The macros' HTML is kept aside for the generator's sanitiser: the floor has none,
            # so it goes straight into the page.
            from macros.stash import restore_blocks

            body = restore_blocks(body, getattr(state, "stashes", {}).pop(src_uri, []))
        updated = audit.last_update(state, page, config)
        if updated:
            line = f"pst_mise_a_jour: {json.dumps(date_fr(updated.date()), ensure_ascii=False)}\n"
            front = (front[:4] + line + front[4:]) if front else f"---\n{line}---\n\n"
        path.write_text(front + body, encoding="utf-8")

    # mkdocs.yml: same theme, features, extensions and nav; no macros, no hooks.
    raw.pop("hooks", None)
    raw["plugins"] = [p for p in raw.get("plugins", [])
                      if p != "macros" and not (isinstance(p, dict) and "macros" in p)]
    raw["docs_dir"] = "docs"
    theme = raw.get("theme") or {}
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((project / theme["custom_dir"]).resolve())
    raw["nav"] = config.nav
    extra = raw.setdefault("extra", {}) or {}
    extra["pst_archive"] = config.extra.get("pst_archive")
    extra["pst"] = json.loads(json.dumps(dict(config.extra.get("pst") or {}), default=str))
    modifier = extra["pst"].get("modifier")
    if modifier and not raw.get("repo_url") and not raw.get("edit_uri"):
        raw["edit_uri_template"] = f"{modifier.rstrip('/')}/docs/{{path}}"
    in_nav = {spec.src_uri: spec.in_nav for spec in state.specs}
    raw["not_in_nav"] = _not_in_nav_patterns(
        [uri for uri, shown in in_nav.items() if not shown],
        [uri for uri in pages if in_nav.get(uri, True)])
    (floor / "mkdocs.yml").write_text(
        "# Plancher du banc d'essai (bench/run.py) : MkDocs + Material seuls, pages statiques.\n"
        + yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=4096), "utf-8")
    pst_build.current = None
    return {"pages": len(pages), "generated": len(state.specs)}


# --- one size -------------------------------------------------------------------------------------


def _site_sizes(site: Path) -> dict:
    total = files = pages = 0
    for dirpath, _, names in os.walk(site):
        for name in names:
            path = Path(dirpath) / name
            if path.is_symlink():
                continue
            files += 1
            total += path.stat().st_size
            pages += name.endswith(".html")
    index = site / "search" / "search_index.json"
    return {"bytes": total, "files": files, "html": pages,
            "search_index_bytes": index.stat().st_size if index.is_file() else 0}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout.strip()


def bench_size(n: int, work: Path, runs: int, timeout: float, publish: bool,
               on_measured=None) -> dict:
    pst = str(Path(sys.executable).parent / "pst")
    size_dir = work / f"n{n}"
    if size_dir.exists():
        shutil.rmtree(size_dir)
    project, logs = size_dir / "projet", size_dir / "journaux"
    t0 = time.perf_counter()
    info = synthetic.make_project(project, n, macros_src=macros_dir())
    print(f"taille {n} : projet synthétique {info['os']} OS, {info['oo']} OO, {info['actions']} "
          f"actions, plan.yml {info['plan_bytes'] / 1e6:.2f} Mo "
          f"({time.perf_counter() - t0:.1f} s)", flush=True)
    # A checkout, as where editors build: the git audit trail of the fiches runs (one commit).
    _git_init(project)
    result: dict = {"n": n, "date": dt.datetime.now().isoformat(timespec="seconds"),
                    "runs": runs, "projet": info,
                    "loadavg": [round(x, 2) for x in os.getloadavg()]}

    result["check"] = repeat("check", [pst, "check"], project, logs, runs, timeout).as_dict()
    result.update(build_and_floor(project, size_dir, logs, runs, timeout))
    if on_measured:  # saved before the cleanup, which takes a while at 16,200 actions
        on_measured(result)
    for folder in (size_dir / "site", size_dir / "site-plancher", size_dir / "plancher" / "docs"):
        shutil.rmtree(folder, ignore_errors=True)

    if publish:
        repo = size_dir / "depot"
        shutil.copytree(project, repo, symlinks=True)
        for name in FAKE_LEGISLATURES:
            synthetic.add_legislature(repo, name)
        shutil.rmtree(repo / ".git")
        _git_init(repo)
        setup = repeat("publication des 3 versions initiales", [pst, "publish", *FAKE_LEGISLATURES],
                       repo, logs, 1, timeout * 3)
        result["publish_setup"] = setup.as_dict()
        current = synthetic.LEGISLATURE
        result["publish"] = repeat(f"publish {current}", [pst, "publish", current], repo, logs,
                                   runs, timeout).as_dict()
        result["publish_versions"] = json.loads(git(repo, "show", "gh-pages:versions.json"))
        result["gh_pages_objects_kb"] = _git_size_kb(repo)
    return result


def clear_build_caches(project: Path) -> None:
    """What our build keeps between runs: compiled templates (Jinja's folder in the temporary
    directory, see ``macros.rendering.bytecode_cache``) and the git history per version."""
    from macros.rendering import bytecode_cache

    cache = bytecode_cache()
    if cache is not None:
        cache.clear()
    shutil.rmtree(project / ".cache", ignore_errors=True)


def build_and_floor(project: Path, folder: Path, logs: Path, runs: int, timeout: float) -> dict:
    """Our strict build and the floor's, ``runs`` times each, alternating (a change of load on
    the machine hits both alike), after one build of ours with its caches emptied."""
    python = sys.executable
    floor = folder / "plancher"
    t0 = time.perf_counter()
    floor_info = write_floor_in_subprocess(project, floor, logs, timeout)
    print(f"  plancher écrit : {floor_info['pages']} pages Markdown "
          f"({time.perf_counter() - t0:.1f} s)", flush=True)
    site, floor_site = folder / "site", folder / "site-plancher"
    build_cmd = [python, "-m", "mkdocs", "build", "--strict", "-d", str(site)]
    floor_cmd = [python, "-m", "mkdocs", "build", "--strict", "-f", str(floor / "mkdocs.yml"),
                 "-d", str(floor_site)]
    clear_build_caches(project)
    shutil.rmtree(site, ignore_errors=True)
    cold = Measure()
    cold.add(run_once("build (caches vides)", 0, 1, build_cmd, project, logs, timeout))
    ours, plain = Measure(), Measure()
    for i in range(runs):
        shutil.rmtree(site, ignore_errors=True)
        ours.add(run_once("build", i, runs, build_cmd, project, logs, timeout))
        shutil.rmtree(floor_site, ignore_errors=True)
        plain.add(run_once("plancher", i, runs, floor_cmd, floor, logs, timeout))
    return {"pages": floor_info["pages"], "build_cold": cold.as_dict(), "build": ours.as_dict(),
            "floor": plain.as_dict(), "site": _site_sizes(site),
            "floor_site": _site_sizes(floor_site)}


def bench_demo(work: Path, runs: int, timeout: float) -> dict:
    """The repository's own demo (its real data/), copied into a fresh checkout."""
    project, logs = work / "demo" / "projet", work / "demo" / "journaux"
    if project.parent.exists():
        shutil.rmtree(project.parent)
    synthetic.copy_site_sources(project, macros_src=macros_dir())
    shutil.copytree(REPO / "data", project / "data")
    _git_init(project)
    from macros.loading import legislature_dirs, load_plan

    plan = load_plan(project / "data", project)
    result = {"date": dt.datetime.now().isoformat(timespec="seconds"), "runs": runs,
              "actions": len(plan.actions), "legislatures": len(legislature_dirs(project / "data"))}
    print(f"démonstration du dépôt : {result['actions']} actions", flush=True)
    result["check"] = repeat("check démo", [str(Path(sys.executable).parent / "pst"), "check"],
                             project, logs, runs, timeout).as_dict()
    result.update(build_and_floor(project, project.parent, logs, runs, timeout))
    shutil.rmtree(project.parent, ignore_errors=True)
    return result


def _git_init(repo: Path) -> None:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Banc d'essai")
    git(repo, "config", "user.email", "bench@localhost")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "projet synthétique")


def _git_size_kb(repo: Path) -> int:
    out = git(repo, "count-objects", "-v")
    values = dict(line.split(": ") for line in out.splitlines())
    return int(values.get("size", 0)) + int(values.get("size-pack", 0))


# --- machine and report ---------------------------------------------------------------------------


def machine() -> dict:
    cpu = "inconnu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kb = 0
    try:
        found = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
        mem_kb = int(found.group(1)) if found else 0
    except OSError:
        pass
    from importlib import metadata

    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    try:
        import yaml

        versions["PyYAML"] += " (libyaml)" if hasattr(yaml, "CSafeLoader") else " (pur Python)"
    except ImportError:
        pass
    git_version = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    commit = ""
    try:  # the generator's commit, read from .git without running git in the repository
        head = (REPO / ".git" / "HEAD").read_text().strip()
        if head.startswith("ref: "):
            ref = head[5:]
            ref_file = REPO / ".git" / ref
            if ref_file.is_file():
                commit = ref_file.read_text().strip()
            else:
                packed = (REPO / ".git" / "packed-refs").read_text()
                commit = next((line.split()[0] for line in packed.splitlines()
                               if line.endswith(" " + ref)), "")
        else:
            commit = head
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(),
            "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "memory_gb": round(mem_kb / 1024 / 1024, 1), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}", "git": git_version,
            "packages": versions, "commit": commit[:12], "loadavg": [round(x, 2) for x in os.getloadavg()],
            "date": dt.datetime.now().isoformat(timespec="seconds")}


def _mb(kb: int) -> int:
    return round(kb / 1024)


def _s(value) -> str:
    return f"{value:.2f}" if value is not None else "—"


def _output(site: dict) -> str:
    if site.get("bytes") is None:
        return "non relevée"
    return f"{site['bytes'] / 1e6:.1f} Mo ({site['files']})"


def _ratio(a, b) -> str:
    return f"{a / b:.2f}" if a and b else "—"


def final_line(r: dict) -> str:
    build, floor = r["build"]["median"], r["floor"]["median"]
    return (f"taille {r['n']}: check {r['check']['median']:.2f} s, build {build:.2f} s, "
            f"plancher {floor:.2f} s, ratio {build / floor:.2f}, "
            f"memoire {_mb(r['build']['rss_median_kb'])} Mo")


def table(results: list[dict]) -> list[str]:
    rows = ["| actions | pages | check (s) | check (Mo) | build (s) | build (Mo) "
            "| build, caches vides (s) | plancher (s) "
            "| plancher (Mo) | build / plancher | processeur : build / plancher (s) | publish (s) "
            "| publish (Mo) | index de recherche | sortie (fichiers) |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        pub = r.get("publish")
        rows.append(
            f"| {r['n']} | {r.get('pages', '—')} | {_s(r['check']['median'])} "
            f"| {_mb(r['check']['rss_median_kb'])} | {_s(r['build']['median'])} "
            f"| {_mb(r['build']['rss_median_kb'])} "
            f"| {_s(r['build_cold']['median']) if r.get('build_cold') else '—'} "
            f"| {_s(r['floor']['median'])} | {_mb(r['floor']['rss_median_kb'])} "
            f"| {r['build']['median'] / r['floor']['median']:.2f} "
            f"| {_s(r['build'].get('cpu_median'))} / {_s(r['floor'].get('cpu_median'))} = "
            f"{_ratio(r['build'].get('cpu_median'), r['floor'].get('cpu_median'))} "
            f"| {_s(pub['median']) if pub else '—'} | {_mb(pub['rss_median_kb']) if pub else '—'} "
            f"| {r['site']['search_index_bytes'] / 1e6:.2f} Mo "
            f"| {_output(r['site'])} |")
    return rows


def scaling(results: list[dict]) -> list[str]:
    by_n = {r["n"]: r for r in results}
    lines = []
    ordered = sorted(by_n)
    for small, big in itertools.pairwise(ordered):
        a, b = by_n[small], by_n[big]
        lines.append(f"- {small} → {big} actions (×{big / small:g}) : build ×"
                     f"{b['build']['median'] / a['build']['median']:.2f}, plancher ×"
                     f"{b['floor']['median'] / a['floor']['median']:.2f}, check ×"
                     f"{b['check']['median'] / a['check']['median']:.2f}, mémoire du build ×"
                     f"{b['build']['rss_median_kb'] / a['build']['rss_median_kb']:.2f}")
    return lines


def report_block(results: list[dict], incomplete: list[str], demo: dict | None = None) -> str:
    results = sorted(results, key=lambda r: r["n"])
    m = results[-1]["machine"] if results else machine()
    pk = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    out = [BEGIN, "", "## Mesures", "",
           "Médiane de chaque mesure (temps réel du processus entier, démarrage de Python compris ; "
           "mémoire = pic de RSS de l’arbre de processus, en Mo de 2^20 octets). « pages » : pages "
           "Markdown du site ; « index de recherche » : `site/search/search_index.json` ; "
           "« sortie » : taille totale de `site/` (nombre de fichiers).", ""]
    out += table(results)
    out += ["", "Rapports d’échelle (temps médians) :", ""] + (scaling(results) or ["- (une seule taille)"])
    out += ["", "Détail par taille (toutes les exécutions, en secondes) :", ""]
    for r in results:
        pub = r.get("publish")
        code = r["machine"].get("code_sha256")
        out.append(f"- **{r['n']} actions** ({r['projet']['os']} OS, {r['projet']['oo']} OO ; "
                   f"mesuré le {r['date']}, commit {r['machine'].get('commit') or '?'}"
                   + (f", code de macros/ {code}" if code else "")
                   + f", {r['runs']} exécutions, charge au départ "
                   f"{r.get('loadavg', r['machine']['loadavg'])[0]}) : check {r['check']['times']}, build "
                   f"{r['build']['times']}"
                   + (f" (caches vides : {r['build_cold']['times'][0]})" if r.get("build_cold") else "")
                   + f", plancher {r['floor']['times']}"
                   + (f", publish {pub['times']} (publication initiale des 3 autres versions : "
                      f"{r['publish_setup']['times'][0]:.1f} s ; dépôt git {r['gh_pages_objects_kb'] / 1024:.0f} Mo)"
                      if pub else ", publish non mesuré")
                   + f" ; plancher : index {r['floor_site']['search_index_bytes'] / 1e6:.2f} Mo, "
                     f"sortie {_output(r['floor_site'])}.")
    for note in incomplete:
        out.append(f"- {note}")
    if demo:
        out += ["", f"Démonstration du dépôt (`data/` réel : {demo['actions']} actions, "
                f"{demo['legislatures']} législatures ; mesuré le {demo['date']}, {demo['runs']} "
                f"exécutions) : build strict {demo['build']['median']:.2f} s (médiane de "
                f"{demo['build']['times']} ; processeur {_s(demo['build'].get('cpu_median'))} s), "
                f"{_mb(demo['build']['rss_median_kb'])} Mo"
                + (f" ; premier build, caches vides : {demo['build_cold']['median']:.2f} s"
                   if demo.get("build_cold") else "")
                + (f" ; plancher (mêmes pages, MkDocs + Material seuls) {demo['floor']['median']:.2f} s "
                   f"(médiane de {demo['floor']['times']}), ratio "
                   f"{demo['build']['median'] / demo['floor']['median']:.2f}"
                   if demo.get("floor") else "")
                + f" ; `pst check` {demo['check']['median']:.2f} s."]
    out += ["", "Machine (dernière mesure) : " + f"{m['cpu']}, {m['cores']} cœurs "
            f"({m['cores_usable']} utilisables), {m['memory_gb']} Go de mémoire, {m['system']}, "
            f"Python {m['python']}, {m['git']} ; {pk}. Générateur : commit "
            f"{m.get('commit') or 'inconnu'} (plus les modifications non committées du moment).", "",
            "Dernières lignes de `bench/run.py` :", "", "```"]
    out += [final_line(r) for r in results] + ["```", ""]
    payload = "\n".join(
        ["{", '"results": ['] + [",\n".join(json.dumps(r, ensure_ascii=False) for r in results)]
        + ["],", f'"incomplete": {json.dumps(incomplete, ensure_ascii=False)},',
           f'"demo": {json.dumps(demo, ensure_ascii=False)}', "}"])
    out += [f"<!-- bench-data\n{payload}\n-->", END]
    return "\n".join(out)


def merge_results(path: Path, new: list[dict], incomplete: list[str],
                  demo: dict | None = None) -> list[dict]:
    """Update ``path``: sizes measured now replace the stored ones; the rest is kept."""
    text = path.read_text("utf-8") if path.is_file() else ""
    old: list[dict] = []
    old_notes: list[str] = []
    found = DATA_RE.search(text)
    if found:
        stored = json.loads(found.group(1))
        old, old_notes = stored.get("results", []), stored.get("incomplete", [])
        demo = demo or stored.get("demo")
    measured = {r["n"] for r in new}
    merged = [r for r in old if r["n"] not in measured] + new
    notes = [n for n in old_notes if not any(n.startswith(f"{m} actions") for m in measured)]
    notes += incomplete
    block = report_block(merged, notes, demo)
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = ("# Vitesse et passage à l’échelle du générateur\n\n"
                "Produit par `make bench` (`bench/run.py`) ; voir `bench/README.md`.\n\n"
                + block + "\n")
    path.write_text(text, "utf-8")
    return merged


# --- profiling ------------------------------------------------------------------------------------

# Phases of a build: the first frame of the call stack that matches (file suffix, function)
# decides where the time below it goes. Ours are marked « nous ».
PHASES = [
    ("material/plugins/search/plugin.py", "on_page_context", "index de recherche : analyse HTML des pages"),
    ("material/plugins/search/plugin.py", "on_post_build", "index de recherche : écriture"),
    ("markdown/core.py", "__init__", "Markdown : création d'un analyseur par page"),
    ("markdown/core.py", "convert", "Markdown → HTML"),
    ("macros/generated.py", "_render_page", "nous : rendu de nos pages (Jinja)"),
    ("macros/spreadsheet_cache.py", "spreadsheet_exports", "nous : CSV et XLSX"),
    ("macros/generated.py", "generated_files", "nous : autres fichiers générés (JSON)"),
    ("macros/audit.py", "attach_history", "nous : historique git"),
    ("macros/loading.py", "load_plan", "nous : lecture et contrôle des données"),
    ("macros/build.py", "start", "nous : préparation (pages, menu)"),
    ("macros/hooks.py", "on_post_page", "nous : garde hors ligne"),
    ("macros/hooks.py", "on_page_context", "nous : dates et liens de modification"),
    ("mkdocs_macros/plugin.py", "on_page_markdown", "mkdocs-macros (pages écrites à la main)"),
    ("jinja2/environment.py", "compile", "compilation des gabarits Jinja"),
    ("mkdocs/commands/build.py", "_build_page", "gabarit de page Material et écriture"),
    ("mkdocs/commands/build.py", "_build_theme_template", "gabarits du thème (404, sitemap)"),
    ("mkdocs/commands/build.py", "_populate_page", "MkDocs : lecture des pages"),
    ("mkdocs/config/base.py", "load_config", "configuration et extensions"),
    ("mkdocs/commands/build.py", "build", "MkDocs : reste du build (fichiers, menu, copie)"),
]


def phase_times(frame: dict, phase: str | None = None, out: dict | None = None) -> dict:
    """Self time of each frame of a pyinstrument JSON report, added to its phase."""
    out = {} if out is None else out
    where = f"{frame.get('file_path_short') or frame.get('file_path') or ''}"
    for suffix, function, label in PHASES:
        if frame["function"] == function and where.endswith(suffix):
            phase = label
            break
    children = frame.get("children", [])
    own = frame["time"] - sum(child["time"] for child in children)
    key = phase or "démarrage de Python et imports"
    out[key] = out.get(key, 0.0) + own
    for child in children:
        phase_times(child, phase, out)
    return out


def profile(n: int, work: Path, timeout: float) -> int:
    """Where a strict build's time goes, sampled by pyinstrument (1 ms)."""
    project = work / f"profil-{n}" / "projet"
    if not (project / "mkdocs.yml").is_file():
        synthetic.make_project(project, n, macros_src=macros_dir())
        _git_init(project)  # as measured by the bench: a checkout, with its git history
    out = project.parent / "build-pyinstrument.json"
    site = project.parent / "site"
    shutil.rmtree(site, ignore_errors=True)
    cmd = [sys.executable, "-m", "pyinstrument", "-i", "0.001", "-r", "json", "-o", str(out),
           "-m", "mkdocs", "build", "--strict", "-d", str(site)]
    sample = run_measured(cmd, project, project.parent / "profil.log", timeout)
    if sample.rc:
        print((project.parent / "profil.log").read_text("utf-8", "replace")[-3000:])
        return sample.rc
    report = json.loads(out.read_text("utf-8"))
    total = report["root_frame"]["time"]
    print(f"Profil pyinstrument d'un build strict de {n} actions : {sample.wall:.1f} s réelles "
          f"(avec le profileur), {total:.1f} s échantillonnées. Fichier : {out}\n")
    for label, seconds in sorted(phase_times(report["root_frame"]).items(), key=lambda x: -x[1]):
        print(f"  {seconds:8.2f} s  {100 * seconds / total:5.1f} %  {label}")
    return 0


# --- main -----------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    if argv[:1] == ["--write-floor"]:  # internal: see write_floor_in_subprocess
        print(json.dumps(write_floor(Path(argv[1]), Path(argv[2]))))
        return 0
    timeout = float(os.environ.get("BENCH_TIMEOUT", "3600"))
    work_env = os.environ.get("BENCH_WORK")
    work = Path(work_env) if work_env else Path(tempfile.mkdtemp(prefix="pst-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    code = take_snapshot(work)
    print(f"Générateur mesuré : copie de macros/ ({code['code_sha256']}) dans {SNAPSHOT}",
          flush=True)
    if argv[:1] == ["--profile"]:
        n = int(argv[1]) if len(argv) > 1 else 1620
        return profile(n, work, timeout)
    sizes = [int(s) for s in os.environ.get("SIZES", "162,1620,16200").replace(" ", "").split(",")
             if s]
    runs = int(os.environ.get("RUNS", "3"))
    publish = os.environ.get("BENCH_PUBLISH", "1") != "0"
    results_path = os.environ.get("RESULTS", str(BENCH / "RESULTS.md"))
    print(f"Banc d'essai : tailles {', '.join(map(str, sizes))}, {runs} exécutions chacune, "
          f"dossier de travail {work}", flush=True)
    info = dict(machine(), code_sha256=code["code_sha256"])
    results, incomplete = [], []
    demo = None
    if os.environ.get("BENCH_DEMO", "1") != "0":
        try:
            demo = bench_demo(work, runs, timeout)
            demo["machine"] = info
        except CommandFailed as exc:
            print(str(exc), file=sys.stderr)
    for n in sizes:
        def save(partial: dict) -> None:
            if results_path != "-":
                merge_results(Path(results_path), results + [dict(partial, machine=info)],
                              incomplete, demo)

        try:
            r = bench_size(n, work, runs, timeout, publish, save)
        except CommandFailed as exc:
            print(str(exc), file=sys.stderr)
            incomplete.append(f"{n} actions : mesure interrompue le "
                              f"{dt.date.today().isoformat()} — {str(exc).splitlines()[0]}")
            continue
        r["machine"] = info
        results.append(r)
        if results_path != "-":  # after each size: a long run that is stopped keeps what it did
            merge_results(Path(results_path), results, incomplete, demo)
    if not os.environ.get("BENCH_KEEP") and not work_env:
        shutil.rmtree(work, ignore_errors=True)
    if results_path != "-" and not results and (incomplete or demo):
        merge_results(Path(results_path), results, incomplete, demo)
    print()
    print("\n".join(table(results)))
    print()
    print("\n".join(scaling(results)))
    if demo:
        print(f"démonstration du dépôt ({demo['actions']} actions) : build "
              f"{demo['build']['median']:.2f} s, plancher {demo['floor']['median']:.2f} s, "
              f"check {demo['check']['median']:.2f} s")
    if results_path != "-":
        print(f"Résultats écrits dans {results_path}.")
    print()
    for r in results:
        print(final_line(r))
    return 1 if incomplete else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
