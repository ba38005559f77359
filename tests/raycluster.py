"""A real multi-node Ray cluster for tests and benchmarks, only ever inside a loopback-only namespace.

Ray probes outside addresses to pick its IP and would bind the machine's interface, so a cluster is
never started in the caller's network namespace. The pattern is two halves:

* the pytest side calls :func:`run_in_loopback_namespace` with a scenario script; the script runs in
  ``unshare --net --pid --fork --mount-proc`` after ``ip link set lo up``. Everything it starts —
  cluster, servers, load — dies with the namespace's PID 1 when the script ends;
* the scenario script (inside) uses :class:`LocalRayCluster` to start nodes with ``ray start
  --block`` as its own child processes, so it can stop them by PID and SIGKILL one node's raylet.

Never ``ray stop`` and never kill by process name: that reaches other clusters on the machine.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

RAY_PORT = 6380
NODE_IP = "127.0.0.1"
START_TIMEOUT_S = 120


def namespace_available() -> tuple[bool, str]:
    """Whether a loopback-only network+PID namespace can be created here, and why not."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return False, "unshare or ip (util-linux / iproute2) is not installed"
    probe = subprocess.run(
        ["unshare", "--net", "--pid", "--fork", "--mount-proc", "sh", "-c", "ip link set lo up"],
        capture_output=True, text=True, timeout=30)
    if probe.returncode != 0:
        return False, f"cannot create a network namespace: {probe.stderr.strip()[:200]}"
    return True, ""


def run_in_loopback_namespace(argv: list[str], timeout: float, env: dict | None = None,
                              cwd: str | Path | None = None) -> subprocess.CompletedProcess:
    """Run ``argv`` as the only program of a fresh loopback-only namespace; all it starts ends with it.

    Calls ``pytest.skip`` (with the reason) when no namespace can be created.
    """
    ok, why = namespace_available()
    if not ok:
        import pytest
        pytest.skip(f"Ray cluster tests need a loopback-only namespace: {why}")
    inner = "ip link set lo up && exec " + " ".join(_quote(a) for a in argv)
    return subprocess.run(["unshare", "--net", "--pid", "--fork", "--mount-proc", "bash", "-c", inner],
                          capture_output=True, text=True, timeout=timeout,
                          env=env if env is not None else dict(os.environ), cwd=cwd)


def last_json_line(out: str) -> dict:
    """Scenario scripts print their result as the last JSON line of stdout."""
    for line in reversed(out.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise AssertionError(f"no JSON result in the scenario's output:\n{out[-3000:]}")


def _quote(arg: str) -> str:
    import shlex
    return shlex.quote(str(arg))


@dataclass
class LocalRayCluster:
    """``nodes`` Ray nodes on this host (head first), each a ``ray start --block`` child process.

    Use only inside a loopback-only namespace (see :func:`run_in_loopback_namespace`). The creating
    process is connected to the cluster as a driver (``ray.init``) once the head is up.
    """
    nodes: int = 2
    cpus_per_node: int = 1
    port: int = RAY_PORT
    object_store_bytes: int = 200 * 1024 * 1024
    procs: list[subprocess.Popen] = field(default_factory=list)

    @property
    def address(self) -> str:
        return f"{NODE_IP}:{self.port}"

    def __enter__(self) -> "LocalRayCluster":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _env(self) -> dict:
        return dict(os.environ, RAY_USAGE_STATS_ENABLED="0")

    def _ray(self) -> str:
        return str(Path(sys.executable).with_name("ray"))

    def start(self) -> None:
        common = ["--node-ip-address", NODE_IP, "--num-cpus", str(self.cpus_per_node),
                  "--object-store-memory", str(self.object_store_bytes), "--block", "--disable-usage-stats"]
        head = [self._ray(), "start", "--head", "--port", str(self.port), "--include-dashboard", "false"]
        self.procs.append(subprocess.Popen(head + common, env=self._env(),
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        self._wait_for_nodes(1)
        for _ in range(self.nodes - 1):
            self.add_node()

    def add_node(self) -> subprocess.Popen:
        """Start one more worker node and wait until the cluster sees it alive."""
        alive = self.alive_nodes()
        cmd = [self._ray(), "start", "--address", self.address, "--node-ip-address", NODE_IP,
               "--num-cpus", str(self.cpus_per_node), "--object-store-memory", str(self.object_store_bytes),
               "--block", "--disable-usage-stats"]
        proc = subprocess.Popen(cmd, env=self._env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.procs.append(proc)
        self._wait_for_nodes(alive + 1)
        return proc

    def alive_nodes(self) -> int:
        """Alive nodes as the cluster's GCS sees them (this process is connected as a Ray driver)."""
        import ray
        if not ray.is_initialized():
            try:
                ray.init(address=self.address, logging_level="ERROR", log_to_driver=False)
            except Exception:  # the head is not up yet
                return 0
        return sum(1 for n in ray.nodes() if n["Alive"])

    def _wait_for_nodes(self, n: int) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.alive_nodes() >= n:
                return
            if any(p.poll() is not None for p in self.procs):
                raise RuntimeError("a ray node process exited while starting")
            time.sleep(0.5)
        raise TimeoutError(f"Ray cluster did not reach {n} alive nodes in {START_TIMEOUT_S} s")

    def raylet_pid(self, node: int) -> int:
        """PID of node ``node``'s raylet (0 = head), found among that node's own child processes."""
        import psutil
        for child in psutil.Process(self.procs[node].pid).children(recursive=True):
            if child.name() == "raylet":
                return child.pid
        raise LookupError(f"node {node} has no raylet")

    def kill_node(self, node: int) -> None:
        """SIGKILL node ``node``'s raylet: the node is lost as if its machine died."""
        os.kill(self.raylet_pid(node), signal.SIGKILL)

    def close(self) -> None:
        """Disconnect, then stop the nodes this object started, workers first, by PID only."""
        import ray
        if ray.is_initialized():
            ray.shutdown()
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in reversed(self.procs):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.procs.clear()
