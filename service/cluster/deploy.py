"""Ray Serve: one deployment per shard, R replicas each, and the ingress's sharded retriever.

The ingress is `newsdesk serve --ray`'s own process — the same FastAPI app as the single process,
run by uvicorn, connected to the cluster as a Ray driver. It holds one Serve handle per shard;
Serve places the replicas (spread over the nodes when there are several), health-checks them and
replaces a lost one. A shard call that fails (its replica died with its node) is retried: the
handle then routes to a live replica of that shard.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from service.cluster.registry import NAME as REGISTRY, NAMESPACE, Registry
from service.cluster.retriever import ShardedRetriever
from service.cluster.shard import ShardCandidates, ShardQuery, ShardServer
from service.engine import NotReady

log = logging.getLogger("newsdesk.cluster")

APP_PREFIX = "newsdesk-shard-"
# A shard call failing (replica lost) is tried again this many times, pausing a little longer each time.
ATTEMPTS = 6
RETRY_PAUSE_SECONDS = 0.2
CALL_TIMEOUT_SECONDS = 10.0
# Serve's health check of a replica; a lost node's replicas are also noticed when the node is.
HEALTH_CHECK_SECONDS = 2.0
# Requests one replica takes at once (the ingress's thread pool bounds the total anyway).
MAX_ONGOING = 16
REGISTRY_TIMEOUT_SECONDS = 2.0
# Ray Serve's documented low-overhead mode (router and user code on the caller's / replica's own event
# loop, gRPC between them): it halves the cost of a shard call. Read by Serve when it is imported, so
# it is set for this process just before that, and for the replicas through their runtime environment.
SERVE_FLAGS = {"RAY_SERVE_THROUGHPUT_OPTIMIZED": "1"}


class ShardUnavailable(NotReady):
    """A shard has no live replica after every retry: 503, the client retries."""


@dataclass(frozen=True)
class ClusterPlan:
    address: str
    index_dir: Path
    shards: int
    replicas: int


def connect(address: str) -> None:
    import ray

    if not ray.is_initialized():
        ray.init(address=address, namespace=NAMESPACE, logging_level="ERROR", log_to_driver=False)


def start_registry():
    """The registry actor, pinned to this (the ingress's) node: it lives and dies with the ingress."""
    import ray
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    try:
        return ray.get_actor(REGISTRY, namespace=NAMESPACE)
    except ValueError:
        pass
    here = NodeAffinitySchedulingStrategy(ray.get_runtime_context().get_node_id(), soft=False)
    actor = ray.remote(num_cpus=0)(Registry).options(name=REGISTRY, namespace=NAMESPACE, scheduling_strategy=here,
                                                     get_if_exists=True).remote()
    ray.get(actor.live.remote())
    return actor


def deploy(plan: ClusterPlan) -> ShardedRetriever:
    """Start (or update) the shard deployments and return the ingress's retriever over them."""
    import os

    for name, value in SERVE_FLAGS.items():
        os.environ.setdefault(name, value)
    from ray import serve

    connect(plan.address)
    registry = start_registry()
    serve.start(proxy_location="Disabled")  # no Serve HTTP proxy: the ingress is newsdesk's own app
    apps = []
    for shard in range(plan.shards):
        deployment = serve.deployment(ShardServer, name=f"shard-{shard}", num_replicas=plan.replicas,
                                      ray_actor_options={"num_cpus": 0, "runtime_env": {"env_vars": SERVE_FLAGS}},
                                      max_ongoing_requests=MAX_ONGOING,
                                      health_check_period_s=HEALTH_CHECK_SECONDS,
                                      logging_config={"enable_access_log": False, "log_level": "WARNING"})
        apps.append(serve.RunTarget(deployment.bind(str(plan.index_dir), shard, plan.shards),
                                    name=f"{APP_PREFIX}{shard}", route_prefix=None))
    serve.run_many(apps, wait_for_applications_running=True)
    return ShardedRetriever(ShardCaller(plan.shards).scatter, lambda: _live(registry), shards=plan.shards)


class ShardCaller:
    """Scatter through Serve handles from one asyncio loop of its own: the ingress's request threads
    hand it a query and wait; the shard calls go out together and are awaited together."""

    def __init__(self, shards: int) -> None:
        self.shards = shards
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="shard-calls", daemon=True).start()
        self.handles = asyncio.run_coroutine_threadsafe(self._handles(), self.loop).result()

    async def _handles(self) -> list:
        from ray import serve

        return [serve.get_deployment_handle(f"shard-{s}", f"{APP_PREFIX}{s}") for s in range(self.shards)]

    def scatter(self, query: ShardQuery) -> list[ShardCandidates]:
        return asyncio.run_coroutine_threadsafe(self._scatter(query), self.loop).result()

    async def _scatter(self, query: ShardQuery) -> list[ShardCandidates]:
        return list(await asyncio.gather(*(self._call(s, query) for s in range(self.shards))))

    async def _call(self, shard: int, query: ShardQuery) -> ShardCandidates:
        last: Exception | None = None
        for attempt in range(ATTEMPTS):
            if attempt:
                await asyncio.sleep(RETRY_PAUSE_SECONDS * attempt)
            try:
                return await asyncio.wait_for(self.handles[shard].candidates.remote(query), CALL_TIMEOUT_SECONDS)
            except Exception as exc:  # a replica lost with its node, or not yet replaced: another replica answers
                last = exc
                log.warning("shard %d call failed (attempt %d of %d): %s", shard, attempt + 1, ATTEMPTS,
                            type(exc).__name__)
        raise ShardUnavailable(f"shard {shard} of the index has no live replica; retry shortly ({type(last).__name__})")


def _live(registry) -> list[dict]:
    import ray

    try:
        return ray.get(registry.live.remote(), timeout=REGISTRY_TIMEOUT_SECONDS)
    except Exception:  # readiness must answer even when the registry does not
        log.warning("the shard registry did not answer", exc_info=True)
        return []


def status(shards: int) -> dict[str, dict[str, int]]:
    """Replica states per shard deployment as Serve reports them ({'shard-0': {'RUNNING': 2}, ...})."""
    from ray import serve

    out = {}
    applications = serve.status().applications
    for shard in range(shards):
        app = applications.get(f"{APP_PREFIX}{shard}")
        deployment = app.deployments.get(f"shard-{shard}") if app else None
        out[f"shard-{shard}"] = {str(k.value if hasattr(k, "value") else k): v
                                 for k, v in (deployment.replica_states if deployment else {}).items()}
    return out


def undeploy(shards: int) -> None:
    from ray import serve

    for shard in range(shards):
        serve.delete(f"{APP_PREFIX}{shard}", _blocking=False)
