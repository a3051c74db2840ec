"""The tools served over standard input and output with the Model Context Protocol's own SDK (`mcp`). This is
the only module that imports it, and only `strides mcp` imports this one.

A call is worked out on a thread of its own, one call at a time (strides' compiler was written for one
thread), so that the server keeps answering pings and cancellations while a long file compiles or a push
waits on the network. Whatever a call does, its answer is a tool result: a mistake, a bad argument and even
a fault in strides itself come back with `isError`, and the server goes on serving.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Mapping
from importlib import resources
from typing import Any

import anyio
import anyio.to_thread
import mcp.types as types
from mcp.server import Server, ServerRequestContext
from mcp.server.stdio import stdio_server
from mcp.shared.exceptions import MCPError

from strides import __version__
from strides.assistant import primer
from strides.assistant.arguments import input_schema
from strides.assistant.registry import TOOLS, run_tool
from strides.assistant.tools import Reply, Session

Context = ServerRequestContext[dict[str, Any]]  # the default lifespan's state: an empty dict
RESOURCE_NOT_FOUND = -32002  # the protocol's code for a resource the server does not have


def language_reference() -> str:
    """docs/language.md, shipped inside the package (`strides/assistant/language.md`)."""
    return resources.files("strides.assistant").joinpath("language.md").read_text(encoding="utf-8")


def _listed_tools() -> list[types.Tool]:
    return [types.Tool(name=tool.name, title=tool.title, description=tool.description,
                       input_schema=input_schema(tool.params),
                       annotations=types.ToolAnnotations(title=tool.title, read_only_hint=tool.read_only,
                                                         destructive_hint=False if tool.read_only else None,
                                                         open_world_hint=tool.name == "push"))
            for tool in TOOLS.values()]


def _answer(session: Session, name: str, arguments: Mapping[str, Any] | None) -> Reply:
    """`run_tool`, and a fault of strides itself as a reply too: the session must outlive any one call."""
    try:
        return run_tool(session, name, arguments)
    except Exception as error:  # noqa: BLE001 - the last guard: say it, keep serving
        said = f"strides could not finish `{name[:60]}` ({type(error).__name__}); this is a fault in strides"
        print(f"strides mcp: {said}: {error}", file=sys.stderr, flush=True)
        return Reply(said, {"error": said}, error=True)


def build_server(settings: Mapping[str, str], limiter: anyio.CapacityLimiter) -> Server[dict[str, Any]]:
    """The server, with `settings` as every call's profile (a call's own settings win)."""
    session = Session(dict(settings))

    async def list_tools(ctx: Context, params: types.PaginatedRequestParams | None) -> types.ListToolsResult:
        return types.ListToolsResult(tools=_listed_tools())

    async def call_tool(ctx: Context, params: types.CallToolRequestParams) -> types.CallToolResult:
        work = functools.partial(_answer, session, params.name, params.arguments)
        reply = await anyio.to_thread.run_sync(work, limiter=limiter)
        return types.CallToolResult(content=[types.TextContent(text=reply.text)], structured_content=reply.data,
                                    is_error=reply.error)

    async def list_resources(ctx: Context, params: types.PaginatedRequestParams | None) -> types.ListResourcesResult:
        return types.ListResourcesResult(resources=[types.Resource(
            uri=primer.LANGUAGE_URI, name="language", title="The strides language",
            description="The full reference of the workout language: every construct and what it compiles to",
            mime_type="text/markdown")])

    async def read_resource(ctx: Context, params: types.ReadResourceRequestParams) -> types.ReadResourceResult:
        if params.uri != primer.LANGUAGE_URI:
            raise MCPError(RESOURCE_NOT_FOUND, f"there is no resource {params.uri[:200]}; "
                           f"the one there is: {primer.LANGUAGE_URI}", {"uri": params.uri[:200]})
        return types.ReadResourceResult(contents=[types.TextResourceContents(
            uri=primer.LANGUAGE_URI, mime_type="text/markdown", text=language_reference())])

    return Server("strides", version=__version__, title="strides: running workouts",
                  instructions=primer.INSTRUCTIONS, on_list_tools=list_tools, on_call_tool=call_tool,
                  on_list_resources=list_resources, on_read_resource=read_resource)


async def _serve(settings: Mapping[str, str]) -> None:
    server = build_server(settings, anyio.CapacityLimiter(1))
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())


def serve(settings: Mapping[str, str]) -> None:
    """Serve on standard input and output until the client closes them."""
    anyio.run(_serve, settings)
