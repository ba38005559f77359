"""`newsdesk serve --workers N`: N uvicorn processes, each listening on a socket of its own.

uvicorn's multi-process mode shares one listening socket among its workers. A client that keeps
its connections alive (every HTTP/1.1 client, `hey`, browsers, the Python client) opens them in a
burst, and the first worker to wake accepts the whole burst: measured here with `hey -c 8` on the
4,886-article index, all 8 connections went to one worker and the second worker idled
(56.1 → 58.2 req/s with 2 workers). Here every worker owns a socket bound to the same port with
`SO_REUSEPORT`, so the kernel spreads new connections across the workers by their addresses.
Supervision (readiness pings, replacing a dead worker, SIGHUP restarts, shutdown) is uvicorn's
`Multiprocess`; only which socket a worker gets differs: worker i always gets socket i.
"""

from __future__ import annotations

import logging
import socket

from uvicorn.config import Config
from uvicorn.supervisors.multiprocess import Multiprocess, Process

logger = logging.getLogger("uvicorn.error")


def reuse_port_sockets(host: str, port: int, count: int, backlog: int = 2048) -> list[socket.socket]:
    """`count` listening sockets on host:port, each with SO_REUSEPORT (Linux, BSD, macOS)."""
    if not hasattr(socket, "SO_REUSEPORT"):
        raise OSError("SO_REUSEPORT is not available on this platform")
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(family, kind, proto)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind(address)
            sock.listen(backlog)
            sock.set_inheritable(True)
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


class OwnSocketWorkers(Multiprocess):
    """uvicorn's supervisor, with worker i on `sockets[i]` (one SO_REUSEPORT socket each)."""

    def __init__(self, config: Config, sockets: list[socket.socket]) -> None:
        if len(sockets) != config.workers:
            raise ValueError(f"{config.workers} workers need {config.workers} sockets, got {len(sockets)}")
        super().__init__(config, sockets=[])
        self.worker_sockets = sockets

    def _process(self, slot: int) -> Process:
        return Process(self.config, [self.worker_sockets[slot]])

    def init_processes(self) -> None:
        for slot in range(self.processes_num):
            process = self._process(slot)
            process.start()
            self.processes.append(process)

    def restart_all(self) -> None:
        """As uvicorn's: each replacement is ready before the worker it replaces is retired."""
        for slot, old in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new = self._process(slot)
            new.start()
            if not new.wait_until_ready(self.config.timeout_worker_healthcheck, self.should_exit):
                new.kill()
                new.join()
                if not self.should_exit.is_set():
                    logger.error(f"New child process [{new.pid}] was not ready in time; keeping worker [{old.pid}] "
                                 f"and aborting the restart.")
                return
            old.terminate()
            old.join()
            self.processes[slot] = new

    def keep_subprocess_alive(self) -> None:
        from uvicorn.config import STARTUP_FAILURE

        if self.should_exit.is_set():
            return
        for slot, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()  # hung: kill it
            process.join()
            if process.exitcode == STARTUP_FAILURE:  # broken app or settings: every restart would fail alike
                logger.error(f"Child process [{process.pid}] failed to start, stopping the parent process.")
                self.should_exit.set()
                return
            if self.should_exit.is_set():
                return
            logger.info(f"Child process [{process.pid}] died")
            process = self._process(slot)  # its socket waited in the parent meanwhile: nothing was refused
            process.start()
            self.processes[slot] = process


def run(app: str, host: str, port: int, workers: int, **options) -> None:
    """`uvicorn.run(app, workers=N)`, with a socket per worker."""
    config = Config(app, host=host, port=port, workers=workers, **options)
    sockets = reuse_port_sockets(host, port, workers, config.backlog)
    logger.info(f"Uvicorn running on http://{host}:{port} with {workers} workers, one SO_REUSEPORT socket each")
    try:
        OwnSocketWorkers(config, sockets).run()
    finally:
        for sock in sockets:
            sock.close()
