"""The OC4IDS package as its community's own checker sees it: libcoveoc4ids (the library behind the OC4IDS
Data Review Tool) reports no schema error, no conformance failure (registered project id prefixes) and no
other finding (empty fields, amounts without currency, dangling organisation references).

libcoveoc4ids fetches the schema and the codelists over HTTP from the standard's sites; here a server on
127.0.0.1 serves them instead (no network): the schema copied in schema/oc4ids/, the codelists copied there
(those the export uses), each other closed codelist as the list of codes the schema's own `enum` holds for it
(the same codes), and each other open codelist empty. libcove checks codes against closed codelists only
when it could load every codelist, so all are served.
"""

from __future__ import annotations

import copy
import functools
import http.server
import json
import tempfile
import threading
from collections.abc import Iterator

import pytest
from jsonschema import Draft4Validator

from generator import urls
from generator.export import data_files
from generator.export.oc4ids_extension import PACKAGE_PATCH, PROJECT_PATCH
from generator.export.oc4ids_parts import EXTENSIONS
from generator.export.parties import ROLES

from .conftest import loaded
from .test_export import FORMATS, OC4IDS, PACKAGE_SCHEMA, PROJECT_SCHEMA, package_of, schema_errors

json_merge_patch = pytest.importorskip("json_merge_patch")
libcove = pytest.importorskip("libcoveoc4ids.api")
from libcoveoc4ids.config import LibCoveOC4IDSConfig  # noqa: E402  (after the skip)


def _closed_codes(schema: dict) -> dict[str, list[str]]:
    """The codes of every closed codelist, from the `enum` next to its `codelist` in the schema."""
    found: dict[str, list[str]] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            enum = node.get("enum") or node.get("items", {}).get("enum")
            if "codelist" in node and node.get("openCodelist") is False and enum:
                found[node["codelist"]] = [code for code in enum if code is not None]
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(schema)
    return found


CLOSED = _closed_codes(PROJECT_SCHEMA)


class _Schemas(http.server.SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        name = self.path.removeprefix("/codelists/")
        if name != self.path and not (OC4IDS / "codelists" / name).is_file():
            body = "Code,Title,Description\n" + "".join(f"{code},{code},\n" for code in CLOSED.get(name, []))
            self.send_response(200)
            self.send_header("Content-Type", "text/csv; charset=utf-8")
            self.end_headers()
            self.wfile.write(body.encode("utf-8"))
            return
        super().do_GET()

    def log_message(self, *arguments: object) -> None:
        pass


@pytest.fixture(scope="module")
def schema_host() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Schemas, directory=str(OC4IDS)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def cove(package: dict, host: str) -> dict:
    config = LibCoveOC4IDSConfig({"schema_host": host, "schema_codelists": {"0.9": host + "codelists/"}})
    with tempfile.TemporaryDirectory() as folder:
        return libcove.oc4ids_json_output(folder, json_data=copy.deepcopy(package), lib_cove_oc4ids_config=config)


@pytest.fixture(scope="module", params=["fixture", "sample"])
def files(request, fixture_model, sample_model) -> dict[str, bytes]:
    return data_files(fixture_model if request.param == "fixture" else sample_model)


def test_libcoveoc4ids_reports_no_error_no_conformance_failure_and_no_finding(files, schema_host: str):
    result = cove(package_of(files), schema_host)
    assert result.get("json_deref_error") is None and result["version_used"] == "0.9.5"
    assert result["validation_errors"] == []
    assert result["conformance_checks"] == []
    assert result["additional_checks"] == []
    assert result["additional_closed_codelist_values"] == {}
    # partyRole is open: the mechanism's own roles are added to it, as the data page says
    ours = sorted(code for code, (_, standard) in ROLES.items() if not standard)
    assert {path: sorted(found["values"]) for path, found in result["additional_open_codelist_values"].items()} == {
        "projects/parties/roles": ours}


def test_libcoveoc4ids_does_find_what_it_checks(files, schema_host: str):
    """The control: the same checker on a package with the faults this export once had."""
    package = package_of(files)
    package["projects"][0]["id"] = "https://example.org/projects/alpha/"  # no registered prefix
    package["projects"][0]["problemLedger"] = []  # an empty field
    package["projects"][0]["budget"]["amount"]["currency"] = "RMB"  # not in the closed codelist
    package["projects"][0]["status"] = "在建"  # nor this
    result = cove(package, schema_host)
    assert [check["check_id"] for check in result["conformance_checks"]] == ["invalid-project-ids"]
    assert [check["check_id"] for check in result["additional_checks"]] == ["missing-values"]
    closed = result["additional_closed_codelist_values"]
    assert closed["projects/budget/amount/currency"]["values"] == ["RMB"]
    assert closed["projects/status"]["values"] == ["在建"]


def test_every_project_id_starts_with_the_registered_prefix(fixture_model, files):
    package = package_of(files)
    prefix = fixture_model.site.oc4ids_prefix
    ids = [project["id"] for project in package["projects"]]
    assert all(project_id.startswith(prefix) for project_id in ids)
    assert [project_id[len(prefix):] for project_id in ids] == [p["identifiers"][0]["id"] for p in package["projects"]]
    assert len(set(ids)) == len(ids)


def _empties(value: object, path: str = "") -> list[str]:
    if value is None or value in ({}, []) or (isinstance(value, str) and not value.strip()):
        return [path or "/"]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _empties(item, f"{path}/{key}")]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _empties(item, f"{path}/{index}")]
    return []


def test_no_field_is_empty_null_or_blank_at_any_depth(files):
    assert _empties(package_of(files)) == []


def _strict(patch: dict) -> dict:
    """The patch with `additionalProperties: false` on every object it defines: an undeclared field fails."""
    patch = copy.deepcopy(patch)
    for definition in patch.get("definitions", {}).values():
        definition["additionalProperties"] = False
    return patch


def test_the_extension_declares_every_field_of_our_own_and_the_data_match_it(files):
    package = package_of(files)
    project_schema = json_merge_patch.merge(copy.deepcopy(PROJECT_SCHEMA), _strict(PROJECT_PATCH))
    package_schema = json_merge_patch.merge(copy.deepcopy(PACKAGE_SCHEMA), PACKAGE_PATCH)
    package_schema["properties"]["projects"]["items"] = {"$ref": "#/definitions/Project"}
    package_schema.setdefault("definitions", {})["Project"] = {"type": "object"}
    assert schema_errors(package_schema, {**package, "projects": [{}]}) == []
    validator = Draft4Validator(project_schema, format_checker=FORMATS)
    for project in package["projects"]:
        assert [error.message for error in validator.iter_errors(project)] == [], project["id"]
    ours = {key for project in package["projects"] for key in project if key not in PROJECT_SCHEMA["properties"]}
    ours |= {key for key in package if key not in PACKAGE_SCHEMA["properties"]} - {"extensions"}
    assert ours == set(PROJECT_PATCH["properties"]) | set(PACKAGE_PATCH["properties"]) == set(EXTENSIONS)


def test_the_extension_is_published_with_the_site_and_listed_in_the_package(fixture_model, fixture_site):
    package = json.loads((fixture_site / urls.oc4ids()).read_text(encoding="utf-8"))
    assert package["extensions"] == [fixture_model.absolute_url(urls.oc4ids_extension("extension.json"))]
    metadata = json.loads((fixture_site / urls.oc4ids_extension("extension.json")).read_text(encoding="utf-8"))
    assert metadata["compatibility"] == ["0.9"] and set(metadata) >= {"name", "description", "documentationUrl"}
    for name in metadata["schemas"]:
        patch = json.loads((fixture_site / urls.oc4ids_extension(name)).read_text(encoding="utf-8"))
        assert patch == {"project-schema.json": PROJECT_PATCH, "project-package-schema.json": PACKAGE_PATCH}[name]


def test_sample_data_are_marked_and_real_data_are_not(tree):
    from generator.figures.model import build_model

    from .conftest import edit

    assert package_of(data_files(build_model(loaded(tree))))["sampleData"] is True
    edit(tree, "site.yml", "demo: true", "demo: false")
    edit(tree, "site.yml", "oc4ids_prefix: oc4ids-sample-", "oc4ids_prefix: oc4ids-bu3kcz-")
    package = package_of(data_files(build_model(loaded(tree))))
    assert "sampleData" not in package and package["projects"][0]["id"].startswith("oc4ids-bu3kcz-")

