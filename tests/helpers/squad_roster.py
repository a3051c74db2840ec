"""A roster of twelve athletes with different races, units, lap lengths and groups, for the squad tests."""

from __future__ import annotations

TWELVE = """\
# twelve athletes, two groups
tolerance = 2%

Group Track:
  lap = 400
Alice: 5k = 19:00, maxhr = 188
Ben: 10k = 41:30, units = mi, maxhr = 182
Chloe: vdot = 48, maxhr = 195
Dev: mile = 5:05, lap = 200, maxhr = 190
Eve: hm = 1:32:00, units = mi, maxhr = 176
Farid: marathon = 3:05:00; maxhr = 184

Group Road:
Gita: 3k = 10:40, lap = 300, maxhr = 200
Hugo: 1500 = 4:20, maxhr = 199
Ines: 8k = 31:00, units = mi, lap = 200, maxhr = 185
Jon: 15k = 58:00, tolerance = 3s/km, maxhr = 178
Kai: 10mi = 1:05:00, lthr = 170, maxhr = 192
Lea: 5k = 23:45, 10k = 49:30, units = km, maxhr = 187
"""
