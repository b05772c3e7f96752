import copy

import pytest

from agreements.selectors import version_diff


def row(task, responsible="shared", description=""):
    return {
        "task": task,
        "responsible": responsible,
        "organization": "",
        "description": description,
        "due_on": None,
        "recurrence_note": "",
    }


def section(heading, body=""):
    return {"heading": heading, "body": body}


OLD = {
    "title": "Samarbeidsavtale om nettverkstilbud",
    "kind": "initiative",
    "purpose": "Gi nyankomne et nettverk.",
    "target_group": "Flyktninger",
    "starts_on": "2026-04-01",
    "ends_on": None,
    "review_on": "2027-03-01",
    "meeting_frequency": "Annenhver måned",
    "contact_sharing": "Bare med samtykke.",
    "municipal_support": "Møterom.",
    "parties": [],
    "sections": [
        section("Taushetsplikt", "Ingen opplysninger uten samtykke."),
        section("Uenighet"),
    ],
    "rows": [
        row("Informere flyktninger", "municipality"),
        row("Rekruttere frivillige", "organization"),
        row("Evaluere samarbeidet"),
    ],
}


@pytest.fixture
def new():
    return copy.deepcopy(OLD)


def test_the_same_text_has_no_changes(new):
    assert version_diff(OLD, new) == {"fields": [], "sections": [], "rows": []}


def test_changed_fields_are_named_with_old_and_new_value(new):
    new["purpose"] = "Gi nyankomne et varig nettverk."
    new["ends_on"] = "2028-03-31"

    diff = version_diff(OLD, new)

    assert diff["fields"] == [
        {"field": "purpose", "old": "Gi nyankomne et nettverk.", "new": new["purpose"]},
        {"field": "ends_on", "old": None, "new": "2028-03-31"},
    ]
    assert diff["sections"] == diff["rows"] == []


def test_added_removed_and_changed_sections(new):
    new["sections"][0]["body"] = "Ingen opplysninger uten skriftlig samtykke."
    del new["sections"][1]
    new["sections"].insert(0, section("Økonomi", "Kommunen dekker utgifter til tolk."))

    changes = version_diff(OLD, new)["sections"]

    assert sorted((c["change"], (c["old"] or c["new"])["heading"]) for c in changes) == [
        ("added", "Økonomi"),
        ("changed", "Taushetsplikt"),
        ("removed", "Uenighet"),
    ]
    (changed,) = [c for c in changes if c["change"] == "changed"]
    assert changed["old"]["body"] == "Ingen opplysninger uten samtykke."
    assert changed["new"]["body"] == "Ingen opplysninger uten skriftlig samtykke."


def test_added_removed_and_changed_matrix_rows(new):
    new["rows"][0]["responsible"] = "shared"
    del new["rows"][2]
    new["rows"].insert(0, row("Arrangere sommerfest", "organization"))

    changes = version_diff(OLD, new)["rows"]

    assert sorted((c["change"], (c["old"] or c["new"])["task"]) for c in changes) == [
        ("added", "Arrangere sommerfest"),
        ("changed", "Informere flyktninger"),
        ("removed", "Evaluere samarbeidet"),
    ]


def test_a_renamed_task_in_the_same_position_is_changed_not_removed_and_added(new):
    new["rows"][1]["task"] = "Rekruttere og følge opp frivillige"

    assert version_diff(OLD, new)["rows"] == [
        {"change": "changed", "old": OLD["rows"][1], "new": new["rows"][1]}
    ]


def test_a_renamed_heading_in_the_same_position_is_changed(new):
    new["sections"][1]["heading"] = "Uenighet og oppsigelse"

    assert [c["change"] for c in version_diff(OLD, new)["sections"]] == ["changed"]


@pytest.mark.parametrize("order", [[2, 0, 1], [1, 0, 2], [0, 2, 1], [2, 1, 0]])
def test_reordering_alone_is_reported_as_moves_and_nothing_else(new, order):
    new["rows"] = [OLD["rows"][n] for n in order]

    changes = version_diff(OLD, new)["rows"]

    assert changes, "a new order is a change to the text"
    assert {c["change"] for c in changes} == {"moved"}
    assert all(c["old"] == c["new"] for c in changes)


def test_reordering_sections_alone_is_reported_as_moves(new):
    new["sections"].reverse()

    changes = version_diff(OLD, new)["sections"]

    assert [c["change"] for c in changes] == ["moved"]
    assert version_diff(OLD, new)["rows"] == []


def test_a_moved_row_that_also_changed_keeps_both_texts(new):
    moved = dict(OLD["rows"][0], description="Ved bosetting.")
    new["rows"] = [OLD["rows"][1], OLD["rows"][2], moved]

    (change,) = version_diff(OLD, new)["rows"]

    assert change == {"change": "moved", "old": OLD["rows"][0], "new": moved}
