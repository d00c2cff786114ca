"""docs/interchange.md and resources/workshop.schema.json describe what the dumper really writes."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workshop_app.errors import InterchangeError
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store.interchange import dump_workshop, dumps, parse_document

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "interchange.md"
SCHEMA = ROOT / "resources" / "workshop.schema.json"
SAMPLES = sorted((ROOT / "sample_sessions").glob("*.json"))
TEMPLATES = sorted((ROOT / "resources" / "templates").glob("*.json"))
JSONSCHEMA_MISSING = (
    "jsonschema is not installed (it is not a Planwall dependency); "
    "`pip install jsonschema` to check the documents against resources/workshop.schema.json"
)


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return schema


def _validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema", reason=JSONSCHEMA_MISSING)
    cls = jsonschema.Draft202012Validator
    cls.check_schema(_schema())
    return cls(_schema(), format_checker=cls.FORMAT_CHECKER)


def _errors(validator: Any, doc: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


def _example() -> str:
    match = re.search(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert match, "docs/interchange.md has no ```json example"
    return match.group(1)


def _key_paths(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every object key in a document, as a path of keys with list levels written as '[]'."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*path, key)
            yield from _key_paths(child, (*path, key))
    elif isinstance(value, list):
        for child in value:
            yield from _key_paths(child, (*path, "[]"))


@pytest.fixture
def full_dump() -> dict[str, Any]:
    """The complete sample: every kind of row, so every key the dumper can write appears."""
    doc: dict[str, Any] = json.loads((ROOT / "sample_sessions" / "complete-jbp.json").read_text("utf-8"))
    doc.pop("description")
    return doc


def test_every_top_level_key_the_dumper_writes_is_documented(ow: OpenWorkshop) -> None:
    text = DOC.read_text(encoding="utf-8")
    keys = list(dump_workshop(ow.store))
    assert keys[:2] == ["format", "version"]
    for key in [*keys, "description"]:
        assert f"`{key}`" in text, f"docs/interchange.md does not mention the top-level key `{key}`"


def test_every_nested_key_is_documented_and_in_the_schema(full_dump: dict[str, Any]) -> None:
    text = DOC.read_text(encoding="utf-8")
    schema = _schema()
    paths = set(_key_paths(full_dump))
    assert len(paths) > 80  # the sample really has rows of every kind
    for path in sorted(paths):
        assert f"`{path[-1]}`" in text, (
            f"docs/interchange.md does not mention `{path[-1]}` ({'.'.join(path)})"
        )
        node: dict[str, Any] = schema
        for part in path:
            if "$ref" in node:
                node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
            if part == "[]":
                node = node["items"]
                continue
            if "anyOf" in node:
                node = next(n for n in node["anyOf"] if "$ref" in n or "properties" in n)
                if "$ref" in node:
                    node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
            assert part in node.get("properties", {}), f"the schema does not describe {'.'.join(path)}"
            node = node["properties"][part]


def test_documented_enums_match_the_model() -> None:
    from workshop_app.model import ActionStatus, AgendaKind, Direction, MinutesKind, RockStatus

    text = DOC.read_text(encoding="utf-8")
    schema = json.dumps(_schema())
    for enum in (ActionStatus, AgendaKind, Direction, MinutesKind, RockStatus):
        for member in enum:
            assert f"`{member.value}`" in text, member
            assert f'"{member.value}"' in schema, member


def test_the_documented_example_imports_and_round_trips() -> None:
    rows = parse_document(_example(), "example")
    assert sum(len(v) for v in rows.values()) >= 15


def test_documented_messages_are_what_the_importer_says() -> None:
    """The messages quoted in the docs come from the importer (checked for two of them)."""
    sample = json.loads((ROOT / "sample_sessions" / "day1-in-progress.json").read_text("utf-8"))
    text = DOC.read_text(encoding="utf-8")
    cases: list[tuple[tuple[str | int, ...], object, str]] = [
        (
            ("participants", 2, "side"),
            "vendor",
            "field 'participants[2].side': expected one of supplier, customer, facilitation, "
            'found "vendor".',
        ),
        (
            ("topics", 0, "ideas", 0, "author"),
            99,
            "field 'topics[0].ideas[0].author': refers to participant 99, which is not in the document.",
        ),
    ]
    for path, value, fragment in cases:
        doc = copy.deepcopy(sample)
        node: Any = doc
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
        with pytest.raises(InterchangeError) as caught:
            parse_document(dumps(doc), "meeting.json")
        assert fragment in str(caught.value)
        assert fragment in text


def test_schema_accepts_samples_templates_example_and_a_fresh_dump(ow: OpenWorkshop) -> None:
    validator = _validator()
    documents = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in [*SAMPLES, *TEMPLATES]}
    documents["fresh dump of two-day-jbp"] = dump_workshop(ow.store)
    documents["docs example"] = json.loads(_example())
    assert len(SAMPLES) >= 2 and len(TEMPLATES) >= 2
    for name, doc in documents.items():
        assert _errors(validator, doc) == [], name


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (("version",), 2, "1 was expected"),
        (("participants", 0, "side"), "vendor", "is not one of"),
        (("topics", 0, "ideas", 0, "created_at"), "2026-03-10T09:00:00", "does not match"),
        (("agenda", 0, "items", 0, "kind"), "lunch", "is not one of"),
        (("rocks", 0, "interest", 0, "level"), 4, "greater than the maximum"),
        (("feedback", 0, "rating"), 0, "less than the minimum"),
        (("workshop", "title"), "   ", "does not match"),
        (("actions", 0, "due_date"), "10/03/2026", "does not match"),
        (("participants", 0, "shoe_size"), 9, "Additional properties"),
    ],
)
def test_schema_rejects_bad_documents(
    full_dump: dict[str, Any], path: tuple[Any, ...], value: Any, problem: str
) -> None:
    validator = _validator()
    node: Any = full_dump
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    errors = _errors(validator, full_dump)
    assert errors and any(problem in e for e in errors), errors


def test_schema_rejects_a_vote_on_both_a_note_and_a_cluster(full_dump: dict[str, Any]) -> None:
    validator = _validator()
    vote = full_dump["topics"][0]["rounds"][0]["votes"][0]
    vote["idea"] = vote["idea"] or full_dump["topics"][0]["ideas"][0]["id"]
    vote["cluster"] = vote["cluster"] or full_dump["topics"][0]["clusters"][0]["id"]
    assert _errors(validator, full_dump)
    del vote["idea"], vote["cluster"]
    assert _errors(validator, full_dump)


def test_schema_allows_unknown_top_level_keys_like_the_importer(full_dump: dict[str, Any]) -> None:
    full_dump["x-exported-by"] = {"tool": "spreadsheet macro"}
    parse_document(dumps(full_dump), "extra.json")
    assert _errors(_validator(), full_dump) == []
