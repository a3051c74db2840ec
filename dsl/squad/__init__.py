"""Squads: one session for a group, resolved against each athlete's profile (docs/squads.md).

`roster` and `roster_csv` read the athletes, `resolve` compiles a file for each of them; the sheets, pages
and files are made by the backends (strides.backends.cards.squad and its neighbours).
"""
