from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from workshop_app.errors import InterchangeError
from workshop_app.rules.voting import ItemRef
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store.interchange import dump_workshop, dumps, import_file


def _fill(ow: OpenWorkshop, clock: FakeClock) -> None:
    ana = ow.setup.add_participant("Zoë <b>", "supplier", "KAM", is_leader=True, experience_rank=3)
    bo = ow.setup.add_participant("Bo", "customer")
    obj = ow.setup.add_frame_item("objective", "Grow & win")
    topic = ow.board.topics()[0]
    a = ow.board.add_idea(topic.id, "R&D <img src=x>", ana.id)
    b = ow.board.add_idea(topic.id, "line\n\ttab", None)
    cl = ow.board.group(b.id, a.id)
    c = ow.board.add_idea(topic.id, "🎉 日本", bo.id)
    rnd = ow.voting.create_round(topic.id, per_item_cap=2)
    ow.voting.cast(rnd.id, ana.id, ItemRef("cluster", cl.id))
    ow.voting.cast(rnd.id, bo.id, ItemRef("idea", c.id))
    ow.voting.reveal(rnd.id)
    rock = ow.rocks.promote(ItemRef("cluster", cl.id))
    ow.rocks.set_metric(
        rock.id, name="Sales", unit="£k", baseline="1,200", target="1,500", due_date=date(2026, 9, 30)
    )
    ow.rocks.update(rock.id, owner_id=bo.id, objective_id=obj.id)
    ow.rocks.add_risk(rock.id, "Risk", "Mitigation")
    ow.rocks.set_interest(ana.id, rock.id, 2)
    ow.agenda.start()
    clock.advance(minutes=3)
    ow.agenda.pause()
    clock.advance(minutes=1)
    ow.agenda.resume()
    ow.minutes.add("Decided <x>", "decision")
    ow.actions.add("Do it", owner_id=ana.id, due_date=date(2026, 4, 1), rock_id=rock.id)
    ow.feedback.add(4, "ok", "more", participant_id=bo.id)


def test_round_trip_is_identical(ow: OpenWorkshop, clock: FakeClock, tmp_path: Path) -> None:
    _fill(ow, clock)
    first = dumps(dump_workshop(ow.store))
    src = tmp_path / "a.json"
    src.write_text(first, encoding="utf-8")
    import_file(src, tmp_path / "b.planwall")
    again = OpenWorkshop.open(tmp_path / "b.planwall", clock)
    try:
        assert dumps(dump_workshop(again.store)) == first
        assert again.counts() == ow.counts()
        assert again.agenda.running_item() is not None
    finally:
        again.close()


def test_import_never_overwrites(ow: OpenWorkshop, tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_text(dumps(dump_workshop(ow.store)), encoding="utf-8")
    target = tmp_path / "exists.planwall"
    target.write_bytes(b"precious")
    with pytest.raises(InterchangeError, match="already exists"):
        import_file(src, target)
    assert target.read_bytes() == b"precious"


def _doc(ow: OpenWorkshop) -> dict:  # type: ignore[type-arg]
    return dump_workshop(ow.store)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="other"), "field 'format'"),
        (lambda d: d.update(version=99), "format version 99"),
        (lambda d: d["workshop"].update(title=""), "field 'workshop.title': is empty"),
        (lambda d: d["agenda"][0]["items"][2].update(kind="nap"), "field 'agenda[0].items[2].kind'"),
        (lambda d: d["agenda"][0]["items"][1].update(planned_minutes="ten"), "planned_minutes"),
        (lambda d: d["topics"][0].update(id=d["topics"][1]["id"]), "used twice"),
        (lambda d: d["agenda"][1]["items"][0].update(topic=999), "refers to topic 999"),
        (lambda d: d["agenda"][0].update(date="10/03/2026"), "expected a date"),
        (lambda d: d["agenda"][0].update(start_time="nine"), "like 09:00"),
        (
            lambda d: d["topics"].__setitem__(
                0, {**d["topics"][0], "clusters": [{"id": 1, "title": "c", "colour": "red"}]}
            ),
            "expected a colour",
        ),
        # values are quoted as the document writes them, not as Python would
        (lambda d: d["agenda"][0]["items"][1].update(planned_minutes=True), "found true."),
        (lambda d: d["agenda"][0]["items"][1].update(kind="nap"), 'found "nap".'),
        # a cut larger than the plan left the item negative time (the clock showed "+17:00 OVER")
        (
            lambda d: d["agenda"][0]["items"][1].update(planned_minutes=5, extra_minutes=-20),
            "field 'agenda[0].items[1].extra_minutes': is -20 with planned_minutes 5",
        ),
    ],
)
def test_validation_names_field_and_line(ow: OpenWorkshop, tmp_path: Path, mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(ow)
    mutate(doc)
    text = dumps(doc)
    folder = tmp_path / "import"
    folder.mkdir()
    src = folder / "bad.json"
    src.write_text(text, encoding="utf-8")
    with pytest.raises(InterchangeError) as info:
        import_file(src, folder / "out.planwall")
    assert message in str(info.value)
    assert "bad.json line " in str(info.value)
    assert [p.name for p in folder.iterdir()] == ["bad.json"]  # nothing half-made is left behind


def test_line_number_points_at_the_bad_field(ow: OpenWorkshop, tmp_path: Path) -> None:
    doc = _doc(ow)
    doc["agenda"][1]["items"][3]["kind"] = "nap"
    text = dumps(doc)
    src = tmp_path / "bad.json"
    src.write_text(text, encoding="utf-8")
    with pytest.raises(InterchangeError) as info:
        import_file(src, tmp_path / "out.planwall")
    line = int(str(info.value).split(" line ")[1].split(":")[0])
    assert '"nap"' in text.splitlines()[line - 1]


def test_syntax_errors_name_line_and_column(tmp_path: Path) -> None:
    src = tmp_path / "broken.json"
    src.write_text('{\n "format": "planwall-workshop",\n "version": 1,\n}', encoding="utf-8")
    with pytest.raises(InterchangeError, match=r"broken.json line 4 column 1: not valid JSON"):
        import_file(src, tmp_path / "o.planwall")


def test_a_document_nested_thousands_deep_is_refused_with_a_message(tmp_path: Path) -> None:
    """It stopped the import with a RecursionError traceback."""
    src = tmp_path / "deep.json"
    src.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(InterchangeError, match=r"deep.json: .* nested too deeply"):
        import_file(src, tmp_path / "o.planwall")
    assert not (tmp_path / "o.planwall").exists()


def test_not_utf8_and_missing(tmp_path: Path) -> None:
    src = tmp_path / "latin.json"
    src.write_bytes('{"x": "é"}'.encode("latin-1"))
    with pytest.raises(InterchangeError, match="not UTF-8"):
        import_file(src, tmp_path / "o.planwall")
    with pytest.raises(InterchangeError, match="no file"):
        import_file(tmp_path / "nope.json", tmp_path / "o.planwall")


def test_templates_are_valid_documents(tmp_path: Path) -> None:
    from workshop_app.services.workshop_service import list_templates

    names = {t.name for t in list_templates()}
    assert names == {"two-day-jbp", "quarterly-rocks"}
    for t in list_templates():
        json.loads(t.path.read_text(encoding="utf-8"))
        import_file(t.path, tmp_path / f"{t.name}.planwall")


def test_quarterly_rocks_template_is_two_and_a_half_hours(rocks_ow: OpenWorkshop) -> None:
    items = rocks_ow.agenda.all_items()
    assert sum(i.planned_minutes for i in items) == 150
    assert [i.kind for i in items][:5] == [
        "check_in",
        "idea_collection",
        "presenting_ideas",
        "clustering",
        "voting",
    ]


def test_votes_breaking_the_round_rules_are_refused(
    ow: OpenWorkshop, clock: FakeClock, tmp_path: Path
) -> None:
    _fill(ow, clock)
    doc = _doc(ow)
    rnd = doc["topics"][0]["rounds"][0]
    rnd["votes"][0]["count"] = rnd["votes_per_person"] + 1
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "v.json").write_text(dumps(doc), encoding="utf-8")
    with pytest.raises(InterchangeError, match=r"more dots than the round's|more than this round allows"):
        import_file(folder / "v.json", folder / "v.planwall")
    fay = max(p["id"] for p in doc["participants"]) + 1
    doc["participants"].append({"id": fay, "name": "Fay", "side": "facilitation"})
    rnd["votes"][0]["count"] = 1
    rnd["votes"][0]["participant"] = fay
    (folder / "v.json").write_text(dumps(doc), encoding="utf-8")
    with pytest.raises(InterchangeError, match="facilitation team"):
        import_file(folder / "v.json", folder / "v.planwall")


def test_json_is_never_written_over_a_workshop(ow: OpenWorkshop, tmp_path: Path) -> None:
    """The GUI's Export JSON writes through write_json_atomic: choosing the open workshop's own name
    (and accepting the save dialog's "replace?") replaced the database with JSON (found in review)."""
    from workshop_app.store.interchange import write_json_atomic

    doc = dump_workshop(ow.store)
    other = tmp_path / "other.planwall"
    OpenWorkshop.create_from_template("two-day-jbp", other).close()
    renamed = tmp_path / "copy.json"
    renamed.write_bytes(other.read_bytes())
    for target in (ow.path, other, renamed):
        before = target.read_bytes()
        with pytest.raises(InterchangeError, match="Planwall never overwrites a workshop"):
            write_json_atomic(doc, target)
        assert target.read_bytes() == before
    with pytest.raises(InterchangeError, match="is a folder"):
        write_json_atomic(doc, tmp_path)
    json_file = tmp_path / "w.json"
    json_file.write_text("an older dump", encoding="utf-8")
    write_json_atomic(doc, json_file)  # an older JSON file is replaced (the dialog asked)
    assert json.loads(json_file.read_text(encoding="utf-8"))["workshop"]["title"] == ow.workshop().title
