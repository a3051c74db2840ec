"""Reading a roster: athletes, groups and their settings in strides' style or as CSV, and every mistake at its
line and column."""

from __future__ import annotations

import pytest
from squad_roster import TWELVE

from strides.errors import UsageError
from strides.squad.resolve import chosen
from strides.squad.roster import RosterMistakes, read_roster
from strides.squad.roster_csv import read_csv_roster


def mistakes(text: str, csv: bool = False) -> list[str]:
    with pytest.raises(RosterMistakes) as caught:
        (read_csv_roster if csv else read_roster)(text)
    return [error.render(caught.value.shown_text, "r.txt").split("\n")[0] for error in caught.value.mistakes]


def test_twelve_athletes_in_two_groups_each_with_their_own_settings() -> None:
    roster = read_roster(TWELVE)
    assert [a.name for a in roster.athletes][:3] == ["Alice", "Ben", "Chloe"]
    assert len(roster.athletes) == 12 and roster.groups == ("Track", "Road")
    by_name = {a.name: a for a in roster.athletes}
    assert by_name["Alice"].group == "Track" and by_name["Gita"].group == "Road"
    assert by_name["Dev"].runner.lap == 200.0  # the athlete's own lap wins over the group's
    assert by_name["Alice"].runner.lap == 400.0
    assert by_name["Ben"].runner.units == "mi"
    assert by_name["Jon"].runner.tolerance == (3.0, "s/km")  # over the squad's 2%
    assert by_name["Chloe"].runner.vdot == 48.0
    assert dict(by_name["Lea"].runner.races) == {"5k": 1425.0, "10k": 2970.0}


def test_settings_on_a_group_line_and_before_any_group() -> None:
    roster = read_roster("units = mi\nAnn: 5k = 20:00\nGroup B: lap = 300\nBo: 5k = 21:00, units = km\n")
    ann, bo = roster.athletes
    assert (ann.group, ann.runner.units, ann.runner.lap) == ("", "mi", 400.0)
    assert (bo.group, bo.runner.units, bo.runner.lap) == ("B", "km", 300.0)


def test_a_csv_roster_reads_as_the_same_athletes() -> None:
    roster = read_csv_roster("name,group,5k,maxhr,units,lap\nAlice,Track,19:00,188,,\nBen,,20:10,,mi,200\n")
    alice, ben = roster.athletes
    assert (alice.name, alice.group, alice.runner.maxhr) == ("Alice", "Track", 188.0)
    assert (ben.group, ben.runner.units, ben.runner.lap, ben.runner.races) == ("", "mi", 200.0, (("5k", 1210.0),))


def test_mistakes_are_reported_at_their_line_and_column() -> None:
    text = "Alice: 5k = 19:00, pace = 4\nBen: 10k = 41:3o\nalice: vdot = 50\nChloe: 5k 19:00\n"
    assert mistakes(text) == [
        "r.txt:1:20: unknown setting `pace`",
        "r.txt:2:12: `41:3o` is not a race time",
        "r.txt:3:1: `alice` is already on the roster, at line 1",
        "r.txt:4:8: `5k 19:00` is not a setting",
    ]


def test_csv_mistakes_are_reported_at_their_row_and_column() -> None:
    assert mistakes("name,5k,maxhrr\nA,19:00,180\n", csv=True) == ["r.txt:1:9: unknown column `maxhrr`"]
    assert mistakes("name,5k,maxhr\nA,19:00,180\nB,20:00,999\nA,21:00,\n", csv=True) == [
        "r.txt:3:9: maxhr = 999 is outside 100–240 bpm",
        "r.txt:4:1: `A` is already on the roster, at line 2",
    ]


def test_a_key_on_the_roster_is_never_shown_in_a_message() -> None:
    text = "Alice: 5k = 19:00, intervals = i123:SECRETKEY99, maxhr = 9\n"
    with pytest.raises(RosterMistakes) as caught:
        read_roster(text)
    shown = caught.value.render(caught.value.shown_text, "r.txt")
    assert "SECRETKEY99" not in shown and "maxhr = 9 is outside" in shown and "***" in shown
    account = read_roster("Alice: 5k = 19:00, intervals = i123:SECRETKEY99\n").athletes[0].account
    assert account is not None and account.athlete == "i123" and "SECRETKEY99" not in repr(account)


def test_an_account_belongs_to_an_athlete() -> None:
    assert mistakes("intervals = i1\nA: 5k = 20:00\n") == [
        "r.txt:1:1: an intervals.icu account belongs to one athlete: write it on their line"]


def test_athletes_and_groups_are_chosen_by_name() -> None:
    roster = read_roster(TWELVE)
    assert [a.name for a in chosen(roster, ["ben", "Alice"], None, "r")] == ["Alice", "Ben"]
    assert [a.name for a in chosen(roster, [], "road", "r")][:2] == ["Gita", "Hugo"]
    with pytest.raises(UsageError, match="no athlete `Alcie` on r; did you mean `Alice`"):
        chosen(roster, ["Alcie"], None, "r")
    with pytest.raises(UsageError, match="no group `Rod`"):
        chosen(roster, [], "Rod", "r")
