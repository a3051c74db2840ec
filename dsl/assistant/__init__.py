"""`strides mcp`: the checker, compiler and push offered to assistants as Model Context Protocol tools.

`arguments` reads and checks what a tool is given, `tools` and `pushing` do the work with strides' own API,
and `server` alone speaks the protocol (the `mcp` package, imported only when `strides mcp` runs).
"""
