"""deploy/raycluster.yaml (the KubeRay RayCluster of issue 13): valid YAML with the fields KubeRay
requires, one shared ReadWriteMany volume mounted where the app reads the index, the ingress
container running `newsdesk serve --ray` against its own pod's head, and every newsdesk command,
flag and environment variable it names exists in this code."""

from __future__ import annotations

import re
import shlex
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from service.cli import app

REPO = Path(__file__).resolve().parent.parent
MANIFEST = REPO / "deploy" / "raycluster.yaml"
QUANTITY = re.compile(r"^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$")


@pytest.fixture(scope="module")
def documents() -> dict[str, dict]:
    docs = [d for d in yaml.safe_load_all(MANIFEST.read_text()) if d]
    by_kind = {d["kind"]: d for d in docs}
    assert len(by_kind) == len(docs), "one object of each kind"
    return by_kind


@pytest.fixture(scope="module")
def ingress(documents) -> dict:
    (container,) = [c for c in documents["RayCluster"]["spec"]["headGroupSpec"]["template"]["spec"]["containers"]
                    if c["name"] == "ingress"]
    return container


def option(command: list[str], flag: str) -> str:
    return command[command.index(flag) + 1]


def pod_specs(documents) -> dict[str, dict]:
    cluster = documents["RayCluster"]["spec"]
    pods = {"head": cluster["headGroupSpec"]["template"]["spec"]}
    for group in cluster["workerGroupSpecs"]:
        pods[group["groupName"]] = group["template"]["spec"]
    return pods


def test_the_raycluster_has_the_fields_kuberay_requires(documents, ingress):
    cluster = documents["RayCluster"]
    assert cluster["apiVersion"] == "ray.io/v1" and cluster["metadata"]["name"]
    spec = cluster["spec"]
    assert spec["rayVersion"] == version("ray"), "the cluster runs the Ray the cluster extra installs"
    head = spec["headGroupSpec"]
    assert all(isinstance(v, str) for v in head["rayStartParams"].values())
    groups = spec["workerGroupSpecs"]
    assert {g["groupName"] for g in groups} == {"shards", "gpu-encoders"}
    for group in groups:
        assert group["minReplicas"] <= group["replicas"] <= group["maxReplicas"]
        assert all(isinstance(v, str) for v in group["rayStartParams"].values())
    gpu = next(g for g in groups if g["groupName"] == "gpu-encoders")
    assert gpu["rayStartParams"]["num-gpus"] == "1"
    for name, pod in pod_specs(documents).items():
        for container in pod["containers"]:
            assert container["name"] and container["image"]
            resources = container["resources"]
            for kind in ("requests", "limits"):
                assert {"cpu", "memory"} <= resources[kind].keys(), (name, kind)
                assert all(QUANTITY.match(str(v)) for v in resources[kind].values()), (name, resources[kind])
    ray_head = pod_specs(documents)["head"]["containers"][0]
    assert ray_head["name"] == "ray-head"
    assert [p["containerPort"] for p in ray_head["ports"]] == [6379, 8265, 10001]


def test_the_ingress_serves_the_cluster_from_the_head_pod(documents, ingress):
    command = ingress["command"]
    assert command[:3] == ["newsdesk", "serve", "--ray"]
    assert option(command, "--ray") == "127.0.0.1:6379", "the head's GCS, reached inside its own pod"
    assert int(option(command, "--shards")) >= 1 and int(option(command, "--replicas")) >= 2
    port = int(option(command, "--port"))
    assert option(command, "--host") == "0.0.0.0"
    assert [p["containerPort"] for p in ingress["ports"]] == [port]
    assert ingress["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": port}
    service = documents["Service"]
    assert service["spec"]["selector"]["ray.io/node-type"] == "head"
    assert [p["targetPort"] for p in service["spec"]["ports"]] == [port]


def test_every_pod_mounts_the_shared_index_where_the_app_reads_it(documents, ingress):
    claim = documents["PersistentVolumeClaim"]
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    index_dir = next(e["value"] for e in ingress["env"] if e["name"] == "NEWSDESK_INDEX_DIR")
    for name, pod in pod_specs(documents).items():
        volumes = {v["name"]: v for v in pod["volumes"]}
        for container in pod["containers"]:
            mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
            assert index_dir in mounts, (name, container["name"])
            for mount in mounts.values():
                assert volumes[mount["name"]]["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
            env = {e["name"]: e for e in container["env"]}
            assert env["NEWSDESK_INDEX_DIR"]["value"] == index_dir, (name, container["name"])


def test_every_environment_variable_it_sets_is_one_newsdesk_reads(documents, ingress):
    sources = "\n".join(p.read_text() for p in (REPO / "service").rglob("*.py"))
    sources += "\n".join(p.read_text() for p in (REPO / "index").rglob("*.py"))
    names = {e["name"] for pod in pod_specs(documents).values() for c in pod["containers"] for e in c["env"]}
    for name in names:
        if name.startswith("NEWSDESK_"):
            assert f'"{name}"' in sources, f"{name} is read nowhere"
    secret = next(e for e in ingress["env"] if e["name"] == "NEWSDESK_WRITE_KEY")
    assert secret["valueFrom"]["secretKeyRef"]["name"]


def _commands() -> list[list[str]]:
    """Every `newsdesk SUBCOMMAND --flag ...` the manifest names (its comments included)."""
    found = []
    for line in MANIFEST.read_text().splitlines():
        at = line.find("newsdesk ")
        while at >= 0:
            words = shlex.split(line[at:].split("`")[0].split("(")[0])
            if len(words) > 2 and re.fullmatch(r"[a-z]+", words[1]) and words[2].startswith("--"):
                found.append(words)
            at = line.find("newsdesk ", at + 1)
    return found


def _help(subcommand: str) -> str:
    result = CliRunner().invoke(app, [subcommand, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def test_every_newsdesk_command_and_flag_it_names_exists(ingress):
    commands = _commands() + [ingress["command"]]
    assert {c[1] for c in commands} >= {"index", "serve"}
    for words in commands:
        text = _help(words[1])
        for word in words[2:]:
            if word.startswith("--"):
                assert word in text, f"`newsdesk {words[1]}` has no {word}"
