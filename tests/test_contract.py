"""The API contract (issue 14): the OpenAPI document tells the truth, checked by schemathesis with
every check against a real uvicorn, by openapi-spec-validator, and by a client generated from it."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from service.api import create_app
from service.api.security import OPERATION_SCOPES
from service.settings import Settings
from tests.live_server import live_server

KEY = "w-contract-7d1e4b"
QUESTION = "who mediated earlier swaps?"
# Cases per operation and phase; with 10 operations and the stateful phase this is ≥ 1,000 cases.
SCHEMATHESIS_EXAMPLES = 80
MIN_CASES = 1000


@pytest.fixture(scope="module")
def server(seed_index_dir, tmp_path_factory):
    with live_server(seed_index_dir, tmp_path_factory.mktemp("contract"), NEWSDESK_WRITE_KEY=KEY) as base:
        yield base


@pytest.fixture(scope="module")
def schema(desk, tmp_path_factory) -> dict:
    app = create_app(desk, Settings(index_dir=tmp_path_factory.mktemp("schema"), write_key=KEY))
    return app.openapi()


def test_the_schema_is_valid_openapi(schema):
    validate(schema)
    assert schema["info"]["version"] == version("newsdesk")


def test_every_error_is_the_one_error_model_and_422_is_what_is_sent(schema):
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")) and path != "/readyz":
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/Error", (method, path, status)
            if operation.get("requestBody") or operation.get("parameters"):
                assert "422" in operation["responses"], (method, path)
            if operation["operationId"] in set(OPERATION_SCOPES) - {"feedback"}:  # all but feedback need the index
                assert "503" in operation["responses"], (method, path)
    documents = schema["paths"]["/documents/{doc_id}"]
    assert {"404", "422"} <= set(documents["get"]["responses"]) and {"401", "403", "404"} <= set(documents["delete"]["responses"])
    assert {"401", "403", "413", "422"} <= set(schema["paths"]["/documents"]["post"]["responses"])


def test_limits_and_examples_are_in_the_schema(schema):
    question = schema["components"]["schemas"]["QuestionRequest"]
    assert question["properties"]["question"]["maxLength"] == 1000
    assert question["properties"]["k"]["minimum"] == 1 and question["properties"]["k"]["maximum"] == 50
    assert question["examples"] and schema["components"]["schemas"]["ArticleIn"]["examples"]
    assert schema["components"]["schemas"]["ArticleIn"]["properties"]["text"]["maxLength"] == 2_000_000


def test_open_operations_declare_no_security_and_keyed_ones_do(desk, tmp_path):
    open_schema = create_app(desk, Settings(index_dir=tmp_path, write_key=KEY)).openapi()
    assert "security" not in open_schema["paths"]["/ask"]["post"]
    assert open_schema["paths"]["/documents"]["post"]["security"] == [{"HTTPBearer": []}]
    keyed = create_app(desk, Settings(index_dir=tmp_path, write_key=KEY, read_key="r-1")).openapi()
    assert keyed["paths"]["/ask"]["post"]["security"] == [{"HTTPBearer": []}]


def test_every_keyed_operation_has_a_scope(schema):
    ids = {op["operationId"] for ops in schema["paths"].values() for op in ops.values()}
    assert set(OPERATION_SCOPES) <= ids


def test_the_served_schema_is_the_documented_one(server):
    served = httpx.get(f"{server}/openapi.json", timeout=10).json()
    validate(served)
    assert served["info"]["version"] == version("newsdesk")
    assert served["paths"]["/documents"]["post"]["responses"]["201"]["links"]["GetDocument"]["operationId"] == "get_document"


def test_schemathesis_all_checks_against_a_real_server(seed_index_dir, tmp_path):
    """Every check (status and body conformance, headers, auth, negative data, stateful links
    POST /documents → GET → DELETE): ≥ 1,000 generated cases, 0 failures. Its own server: the
    generated writes must not leak into the other tests."""
    with live_server(seed_index_dir, tmp_path, NEWSDESK_WRITE_KEY=KEY) as server:
        _schemathesis(server, tmp_path)


def _schemathesis(server: str, tmp_path: Path) -> None:
    command = [str(Path(sys.executable).with_name("st")), "run", f"{server}/openapi.json", "--checks", "all",
               "-H", f"Authorization: Bearer {KEY}", "-n", str(SCHEMATHESIS_EXAMPLES),
               "--generation-deterministic", "--no-color", "--request-timeout", "30"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    output = result.stdout + result.stderr
    (tmp_path / "schemathesis.txt").write_text(output)
    summary = output[output.find("FAILURES"):][:6000] if "FAILURES" in output else output[output.rfind("SUMMARY"):]
    assert result.returncode == 0, summary
    cases = re.search(r"(\d+) generated", output)
    assert cases and int(cases.group(1)) >= MIN_CASES, summary
    assert "Stateful" in summary and "❌" not in summary, summary
    print(summary)


def test_a_generated_client_answers_the_uae_question(server, tmp_path, monkeypatch):
    spec = tmp_path / "openapi.json"
    spec.write_text(httpx.get(f"{server}/openapi.json", timeout=10).text)
    generator = Path(sys.executable).with_name("openapi-python-client")
    result = subprocess.run([str(generator), "generate", "--path", str(spec), "--output-path",
                             str(tmp_path / "newsdesk_generated"), "--meta", "none"],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert (tmp_path / "newsdesk_generated" / "client.py").exists(), result.stdout + result.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    package = importlib.import_module("newsdesk_generated")
    ask = importlib.import_module("newsdesk_generated.api.answers.ask")
    add = importlib.import_module("newsdesk_generated.api.documents.add_document")
    get = importlib.import_module("newsdesk_generated.api.documents.get_document")
    models = importlib.import_module("newsdesk_generated.models")

    client = package.AuthenticatedClient(base_url=server, token=KEY, timeout=httpx.Timeout(60))
    answer = ask.sync(client=client, body=models.QuestionRequest(question=QUESTION))
    assert isinstance(answer, models.Answer), answer
    assert "UAE" in answer.answer or "United Arab Emirates" in answer.answer
    assert answer.citations[0].doc_id.startswith("002_")

    article = models.ArticleIn(doc_id="generated-client-1", text="The ferry to Orlan resumed service on Monday, "
                               "the harbour master said.", title="Ferry resumes")
    created = add.sync_detailed(client=client, body=article)
    assert created.status_code == 201 and created.parsed.doc_id == "generated-client-1"
    fetched = get.sync(client=client, doc_id="generated-client-1")
    assert isinstance(fetched, models.Document) and fetched.title == "Ferry resumes"
    missing = get.sync_detailed(client=client, doc_id="no-such-doc")
    assert missing.status_code == 404 and isinstance(missing.parsed, models.Error)
    assert json.loads(missing.content)["detail"]
