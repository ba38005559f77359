"""`newsdesk serve --ray`: the single process's FastAPI app over a Newsdesk whose retrieval is sharded."""

from __future__ import annotations

import logging

from service.cluster.deploy import ClusterPlan, deploy, undeploy
from service.engine import Newsdesk
from service.settings import Settings

log = logging.getLogger("newsdesk.cluster")


def cluster_desk(plan: ClusterPlan) -> Newsdesk:
    """Deploy the shards, then open the index (building it from the seeds when empty) with the
    sharded retriever, warmed up: the first request is as fast as the rest."""
    retriever = deploy(plan)
    desk = Newsdesk.open(plan.index_dir, retriever=retriever)
    desk.warm_up()
    return desk


def run(plan: ClusterPlan, settings: Settings, host: str, port: int) -> None:
    import uvicorn

    from service.api import create_app

    desk = cluster_desk(plan)
    try:
        uvicorn.run(create_app(engine=desk, settings=settings), host=host, port=port, log_level="info")
    finally:
        undeploy(plan.shards)
