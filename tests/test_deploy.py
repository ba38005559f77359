"""deploy/rayservice.yaml (the KubeRay RayService of issue 13): valid YAML with the fields KubeRay
requires, one shared ReadWriteMany volume mounted where the app reads the index, and every
newsdesk command, flag, environment variable and import path it names exists in this code."""

from __future__ import annotations

import importlib
import importlib.util
import re
import shlex
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from service.cli import app

REPO = Path(__file__).resolve().parent.parent
MANIFEST = REPO / "deploy" / "rayservice.yaml"
QUANTITY = re.compile(r"^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$")


@pytest.fixture(scope="module")
def documents() -> dict[str, dict]:
    docs = [d for d in yaml.safe_load_all(MANIFEST.read_text()) if d]
    by_kind = {d["kind"]: d for d in docs}
    assert len(by_kind) == len(docs), "one object of each kind"
    return by_kind


@pytest.fixture(scope="module")
def serve_config(documents) -> dict:
    text = documents["RayService"]["spec"]["serveConfigV2"]
    assert isinstance(text, str), "serveConfigV2 is a YAML string (KubeRay's format), not a mapping"
    return yaml.safe_load(text)


def pod_specs(documents) -> dict[str, dict]:
    cluster = documents["RayService"]["spec"]["rayClusterConfig"]
    pods = {"head": cluster["headGroupSpec"]["template"]["spec"]}
    for group in cluster["workerGroupSpecs"]:
        pods[group["groupName"]] = group["template"]["spec"]
    return pods


def test_the_rayservice_has_the_fields_kuberay_requires(documents, serve_config):
    service = documents["RayService"]
    assert service["apiVersion"] == "ray.io/v1" and service["metadata"]["name"]
    cluster = service["spec"]["rayClusterConfig"]
    assert cluster["rayVersion"] == version("ray"), "the cluster runs the Ray the cluster extra installs"
    head = cluster["headGroupSpec"]
    assert all(isinstance(v, str) for v in head["rayStartParams"].values())
    groups = cluster["workerGroupSpecs"]
    assert {g["groupName"] for g in groups} == {"shards", "gpu-encoders"}
    for group in groups:
        assert group["minReplicas"] <= group["replicas"] <= group["maxReplicas"]
        assert all(isinstance(v, str) for v in group["rayStartParams"].values())
    gpu = next(g for g in groups if g["groupName"] == "gpu-encoders")
    assert gpu["rayStartParams"]["num-gpus"] == "1"
    for name, pod in pod_specs(documents).items():
        (container,) = pod["containers"]
        assert container["name"] and container["image"]
        resources = container["resources"]
        for kind in ("requests", "limits"):
            assert {"cpu", "memory"} <= resources[kind].keys(), (name, kind)
            assert all(QUANTITY.match(str(v)) for v in resources[kind].values()), (name, resources[kind])
    assert [p["containerPort"] for p in pod_specs(documents)["head"]["containers"][0]["ports"]] == \
        [6379, 8265, 10001, serve_config["http_options"]["port"]]
    (application,) = serve_config["applications"]
    assert application["name"] and application["route_prefix"] == "/"
    args = application["args"]
    assert args["shards"] >= 1 and args["replicas"] >= 1


def test_every_pod_mounts_the_shared_index_where_the_app_reads_it(documents, serve_config):
    claim = documents["PersistentVolumeClaim"]
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    index_dir = serve_config["applications"][0]["args"]["index_dir"]
    for name, pod in pod_specs(documents).items():
        volumes = {v["name"]: v for v in pod["volumes"]}
        (container,) = pod["containers"]
        mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
        assert index_dir in mounts, name
        for mount in mounts.values():
            assert volumes[mount["name"]]["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
        env = {e["name"]: e for e in container["env"]}
        assert env["NEWSDESK_INDEX_DIR"]["value"] == index_dir, name


def test_every_environment_variable_it_sets_is_one_newsdesk_reads(documents, serve_config):
    sources = "\n".join(p.read_text() for p in (REPO / "service").rglob("*.py"))
    sources += "\n".join(p.read_text() for p in (REPO / "index").rglob("*.py"))
    names = {e["name"] for pod in pod_specs(documents).values() for e in pod["containers"][0]["env"]}
    names |= set(serve_config["applications"][0]["runtime_env"]["env_vars"])
    for name in names:
        if name.startswith("NEWSDESK_"):
            assert f'"{name}"' in sources, f"{name} is read nowhere"
    secret = next(e for e in pod_specs(documents)["head"]["containers"][0]["env"] if e["name"] == "NEWSDESK_WRITE_KEY")
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


def test_every_newsdesk_command_and_flag_it_names_exists(serve_config):
    commands = _commands()
    assert {c[1] for c in commands} >= {"index", "serve"}
    missing = []
    for words in commands:
        text = _help(words[1])
        if "--ray" in words and "--ray" not in text:
            missing.append(" ".join(words[:3]))  # that part of issue 13 has not landed on this branch
            continue
        for word in words[2:]:
            if word.startswith("--"):
                assert word in text, f"`newsdesk {words[1]}` has no {word}"
    if missing:
        pytest.skip(f"not on this branch yet: {', '.join(sorted(set(missing)))}")


@pytest.mark.xfail(strict=True, reason="the Serve app builder agreed for the RayService (service.cluster.app:build) "
                   "is not written: `newsdesk serve --ray` runs its ingress as a Ray driver, not as a Serve app; "
                   "when the builder lands this test passes and strict xfail fails: remove the mark")
def test_the_serve_application_import_path_exists(serve_config):
    module, _, attribute = serve_config["applications"][0]["import_path"].partition(":")
    assert importlib.util.find_spec(module) is not None, f"no module {module}"
    builder = getattr(importlib.import_module(module), attribute)
    assert callable(builder)
