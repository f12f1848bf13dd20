"""The benchmark runs (smallest size, one run, no publication): a benchmark, not a timed test."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.bench  # not in `make test`: `make bench-smoke`


def test_bench_runs_at_the_smallest_size(tmp_path):
    env = dict(os.environ, SIZES="162", RUNS="1", BENCH_PUBLISH="0", RESULTS="-",
               BENCH_WORK=str(tmp_path / "work"), NO_MKDOCS_2_WARNING="1")
    env.pop("PST_LEGISLATURE", None)
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"taille 162: check \d+\.\d\d s, build \d+\.\d\d s, plancher \d+\.\d\d s, "
                        r"ratio \d+\.\d\d, memoire \d+ Mo", last), last
