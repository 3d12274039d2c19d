"""The pool as a good neighbour: its default size follows OMP_NUM_THREADS,
the affinity mask and the container's CPU quota (cgroup v2 cpu.max, v1 CFS
files, read from a fake tree through RAPTORS_CGROUP_ROOT); set/get, the
context manager, and threadpoolctl's view and limits."""

import json
import math
import os
import subprocess
import sys

import pytest

import raptors as rp

_PROBE = "import raptors, json; print(json.dumps(raptors.get_num_threads()))"


def _default_threads(env_extra, cgroup_root=None):
    env = {k: v for k, v in os.environ.items()
           if k not in ("RAPTORS_THREADS", "OMP_NUM_THREADS", "RAPTORS_CGROUP_ROOT")}
    env.update(env_extra)
    if cgroup_root is not None:
        env["RAPTORS_CGROUP_ROOT"] = str(cgroup_root)
    out = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


def _cpus():
    return len(os.sched_getaffinity(0))


@pytest.fixture(scope="module")
def fake_roots(tmp_path_factory):
    """A few fake cgroup trees and the thread count each should give."""
    cpus = _cpus()
    cases = []

    def v2(text):
        d = tmp_path_factory.mktemp("v2")
        (d / "cpu.max").write_text(text + "\n")
        return d

    def v1(quota, period):
        d = tmp_path_factory.mktemp("v1")
        for sub in ("cpu", "cpu,cpuacct"):
            (d / sub).mkdir()
            (d / sub / "cpu.cfs_quota_us").write_text(f"{quota}\n")
            (d / sub / "cpu.cfs_period_us").write_text(f"{period}\n")
        return d

    cases.append((v2("max 100000"), cpus))  # no limit
    cases.append((v2("50000 100000"), 1))  # half a CPU: still one thread
    cases.append((v2("100000 100000"), 1))
    cases.append((v2(f"{150000 * cpus} 100000"), cpus))  # quota above the mask
    cases.append((v1(-1, 100000), cpus))
    cases.append((v1(100000, 100000), 1))
    cases.append((tmp_path_factory.mktemp("empty"), cpus))  # nothing readable
    return cases


def test_default_follows_cgroup_quota(fake_roots):
    for root, want in fake_roots:
        assert _default_threads({}, root) == want, root


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs 2 CPUs to see a cap")
def test_fractional_quota_rounds_up(tmp_path):
    (tmp_path / "cpu.max").write_text("150000 100000\n")
    assert _default_threads({}, tmp_path) == min(_cpus(), math.ceil(1.5))


def test_omp_num_threads_and_raptors_threads(tmp_path):
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert _default_threads({"OMP_NUM_THREADS": "1"}, tmp_path) == 1
    assert _default_threads({"OMP_NUM_THREADS": "3,2"}, tmp_path) == 3  # outer level
    assert _default_threads({"OMP_NUM_THREADS": "", }, tmp_path) == _cpus()
    # RAPTORS_THREADS wins over both.
    assert _default_threads({"OMP_NUM_THREADS": "1", "RAPTORS_THREADS": "3"}, tmp_path) == 3
    (tmp_path / "cpu.max").write_text("100000 100000\n")
    assert _default_threads({"RAPTORS_THREADS": "3"}, tmp_path) == 3


def test_set_get_and_context_manager():
    old = rp.get_num_threads()
    try:
        assert rp.set_num_threads(3) == old
        assert rp.get_num_threads() == 3
        with rp.num_threads(1):
            assert rp.get_num_threads() == 1
        assert rp.get_num_threads() == 3
        with pytest.raises(RuntimeError):
            with rp.num_threads(2):
                raise RuntimeError
        assert rp.get_num_threads() == 3
        for bad, exc in ((0, ValueError), (-2, ValueError), (1.5, TypeError), ("2", TypeError),
                         (True, TypeError)):
            with pytest.raises(exc):
                rp.set_num_threads(bad)
        assert rp.get_num_threads() == 3
    finally:
        rp.set_num_threads(old)


def test_threadpoolctl_lists_and_limits_raptors():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    old = rp.get_num_threads()
    try:
        rp.set_num_threads(2)
        info = [i for i in threadpoolctl.threadpool_info() if i["user_api"] == "raptors"]
        assert len(info) == 1
        assert info[0]["num_threads"] == 2
        assert info[0]["version"] == rp.__version__
        with threadpoolctl.threadpool_limits(1):
            assert rp.get_num_threads() == 1
        assert rp.get_num_threads() == 2
        with threadpoolctl.threadpool_limits(limits=1, user_api="raptors"):
            assert rp.get_num_threads() == 1
        assert rp.get_num_threads() == 2
        ctl = threadpoolctl.ThreadpoolController()
        with ctl.limit(limits=1, user_api="raptors"):
            assert rp.get_num_threads() == 1
        assert rp.get_num_threads() == 2
    finally:
        rp.set_num_threads(old)
