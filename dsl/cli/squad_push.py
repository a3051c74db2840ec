"""`push --to intervals --roster FILE`: each athlete's workouts on their own intervals.icu calendar.

Every athlete needs an account: the roster's `intervals = i12345` names it, and the key comes from the roster
(`intervals = i12345:KEY`), from STRIDES_INTERVALS_API_KEY_I12345 (the athlete id in capitals), or from
STRIDES_INTERVALS_API_KEY, a coach's key that reaches the athletes who share their calendar with the coach.
Nothing is sent until every athlete has one; a key is never printed.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence

from strides.backends.cards.squad import Member
from strides.cli import output, shared
from strides.errors import StridesError
from strides.squad.roster import Athlete

EXIT_OK, EXIT_INPUT = 0, 1
KEY_VARIABLE = "STRIDES_INTERVALS_API_KEY"


def account_env(athlete: Athlete, env: Mapping[str, str]) -> dict[str, str] | None:
    """The environment a push for this athlete runs in (their athlete id and key), or None without one."""
    account = athlete.account
    if account is None:
        return None
    key = account.key or env.get(f"{KEY_VARIABLE}_{account.athlete.upper()}", "") or env.get(KEY_VARIABLE, "")
    if not key.strip():
        return None
    return {**env, "STRIDES_INTERVALS_ATHLETE": account.athlete, KEY_VARIABLE: key.strip()}


def push_intervals(args: argparse.Namespace, members: Sequence[Member], athletes: Sequence[Athlete],
                   env: Mapping[str, str]) -> int:
    from strides.delivery import DeliveryError, summary
    from strides.delivery.dates import place
    from strides.delivery.destinations import deliver, planned, shown

    by_name = {a.name: a for a in athletes}
    accounts = {m.name: account_env(by_name[m.name], env) for m in members}
    missing = [name for name, account in accounts.items() if account is None]
    if missing and not args.dry_run:
        raise shared.report(StridesError(
            f"a squad goes to intervals.icu with one account per athlete; {_listed(missing)} "
            f"{'has' if len(missing) == 1 else 'have'} none",
            hint="write `intervals = i12345` on each athlete's roster line, with the key in "
            f"{KEY_VARIABLE}_I12345 (or one coach's key in {KEY_VARIABLE}); nothing was pushed"), None, "strides")
    failed = 0
    for member in members:
        workouts = [w for w in member.workouts if w is not None]
        try:
            placed = list(zip(workouts, place(workouts, args.date, args.week_of), strict=True))
            mine = accounts[member.name] or _without_account(env)
            if args.dry_run:
                output.emit(f"── {member.name} ──\n" + shown("intervals", planned("intervals", placed, mine)))
                continue
            output.emit(f"── {member.name} ──\n" + summary(deliver("intervals", placed, mine)))
        except DeliveryError as error:
            if error.done:
                output.emit(summary(error.done))
            output.say(output.paint(f"strides: {member.name}: {error.message}"))
            failed += 1
        except StridesError as error:
            output.say(output.paint(f"strides: {member.name}: {error.message}"))
            failed += 1
    return EXIT_INPUT if failed else EXIT_OK


def _without_account(env: Mapping[str, str]) -> dict[str, str]:
    """The environment of a dry run for an athlete with no account: no one else's athlete or key."""
    return {k: v for k, v in env.items() if k == "STRIDES_INTERVALS_URL" or not k.startswith("STRIDES_INTERVALS_")}


def _listed(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
