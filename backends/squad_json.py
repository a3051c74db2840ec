"""A squad's workouts as JSON: each athlete with their profile and their workouts, resolved as the `json`
format resolves them for one runner (docs/timeline.md, docs/squads.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from strides.backends.cards.squad import Member
from strides.backends.timeline_json import SCHEMA_VERSION, workout_json


def athlete_json(member: Member) -> dict[str, Any]:
    workouts = [w for w in member.workouts if w is not None]
    profile = workouts[0].profile.summary if workouts else ""
    return {"name": member.name, "group": member.group or None, "profile": profile,
            "workouts": [workout_json(w) for w in workouts]}


def render_json(members: Sequence[Member]) -> str:
    document = {"version": SCHEMA_VERSION, "athletes": [athlete_json(m) for m in members]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
