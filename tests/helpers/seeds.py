"""The workouts of SEED_WORKOUTS.md, shared by every backend's golden tests."""

from __future__ import annotations

S19 = {"5k": "19:00"}
S20 = {"5k": "20:00", "maxhr": "190"}
M345 = {"marathon": "3:45:00"}

# (id, text, profile settings)
SEEDS: list[tuple[str, str, dict[str, str]]] = [
    ("track-12x400", "wu 15min; 12x400 @5k-3s r35s; last all-out; cd 10min", S19),
    ("beginner-400s", "wu 15-20min; 4-6x400 @5k r200 jog; cd 10-15min", S19),
    ("strides-100", "8-10x100 strides", S19),
    ("hammer-16x400",
     "wu 15min easy; stretch 10min; drills 10min; 16x400 @5k r1:1; reps 12,16 all-out; cd 15min easy; stretch 10min",
     S19),
    ("miles-walk", "wu 1mi easy; 4x1mi @7:00/mi r90-120s walk; cd 1mi easy", S19),
    ("marathoner-800s", "wu 1mi; 4x100 strides; 5x800 @5k r400 jog; cd 1.5mi", M345),
    ("two-miles", "wu 1mi; 2x2mi @8:30/mi r2min jog; cd 1mi", S19),
    ("5x1000", "5x1000 @5k", S20),
    ("10x200-mile", "10x200 @mile", S20),
    ("grass-strides", '8x20s strides r1min walk "on grass"', S20),
    ("hill-sprints", "4x10s hill sprint r2min walk", S20),
    ("fartlek-1-2", "6-8x(1min hard, 2min jog)", S20),
    ("200s-mile-range", "4-6x200 @mile r200-400 jog", S20),
    ("easy-then-t", "30min easy; last 5-10min @T", S20),
    ("8-12x400", "wu 15min; 8-12x400 @5k r200 jog; cd 10min", S20),
    ("tempo-then-800s", "15min @T; 3min jog; 2x800 @5k r2min", S20),
    ("float-200s", "10x200 @mile float 200 @mp", S20),
    ("hills-jog-back", "6x1min hill hard jog back", S20),
    ("hills-two-sets", "3x90s hill @5k jog back; 4x15s hill sprint walk back", S20),
    ("fast-finish", "12mi easy; last 3mi @hm", S20),
    ("progression-miles", "10x1mi @T+90s/mi; each -10s/mi", S20),
    ("400s-then-strides", "8x400 @5k r200 jog; 4x100 strides @5k-5s", S20),
    ("miles-then-200s", "3x1mi @T r1min jog; 4x200 @5k", S20),
    ("alternators", "8x(400 @5k, 200 @mp)", S20),
    ("150s-and-200s", "8x150 all-out r3min walk; 4x200 @mile-3s r full", S20),
    ("ladder-of-targets", "(1600 @10k, 1200 @5k, 800 @3k, 400 @mile) r2min", S20),
    ("pyramid", "200/400/600/800/600/400/200 @5k r200 jog", S20),
    ("sandwich", "2mi @T; 4x400 @mile r200 jog; 2mi @T", S20),
    ("broken-tempo", "3x8min @T r90s jog", S20),
    ("marathon-long-run", "3x5k @mp r5min jog; 5k @hm", S20),
    ("alternating-miles", "9x(1mi @mp, 1mi @mp+20s/mi)", S20),
    ("5x3min-hard", "5x3min hard r2min jog", S20),
    ("classic-fartlek",
     "2x(90s hard, 90s float); 4x(60s hard, 60s float); 4x(30s hard, 30s float); 4x(15s hard, 15s float)", S20),
    ("sprint-float", "10x(60 sprint, 60 float)", S20),
    ("800s-2mi-wu", "wu 2mi; 6x800 @5k r400 jog; cd 2mi", S20),
    ("sets-of-400s", "2x(4x400 @5k r200 jog) r5min", S20),
    ("z2-run", "40min @z2", S20),
]

SEED_IDS = [seed[0] for seed in SEEDS]
