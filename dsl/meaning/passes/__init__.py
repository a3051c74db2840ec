"""The resolver's passes, one module each; `strides.meaning.resolve` runs them in order.

`expand` builds the resolved model from the syntax tree (blocks, recoveries, targets, modifiers, with the
help of `durations`, `targets`, `recoveries` and `modifiers`); then each pass of `strides.meaning.resolve.PASSES`
takes the workout and gives it back with one more thing done (`limits`, `estimates`, `levels`); last,
`warnings` reads the finished workout and says what looks implausible.
"""
