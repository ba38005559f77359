"""Sharded serving on a Ray cluster (`newsdesk serve --ray`, issue 13).

    assign.py     which live segments each shard serves: deterministic, balanced by chunk count
    shard.py      one shard: its segments only, candidate search with collection-wide BM25 statistics
    retriever.py  the ingress side: scatter a question to every shard, merge, fuse as one process does
    registry.py   where shard replicas report the manifest generation they serve (for /readyz)
    deploy.py     Ray Serve: one deployment per shard, R replicas each; the ingress's retriever

Ray is imported only by deploy.py and, inside a replica, by shard.py: the default install has no ray.
"""
