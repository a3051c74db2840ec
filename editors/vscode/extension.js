// The strides extension: starts `strides lsp` for .strides files and hands it the profile from the settings.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function makeClient() {
  const config = vscode.workspace.getConfiguration("strides");
  const [command, ...args] = config.get("command", ["strides", "lsp"]);
  const server = { command, args };
  return new LanguageClient(
    "strides",
    "strides",
    { run: server, debug: server },
    {
      documentSelector: [{ language: "strides" }],
      initializationOptions: { settings: config.get("settings", {}) },
    },
  );
}

async function activate(context) {
  client = makeClient();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration("strides")) {
        return;
      }
      // The profile is given when the server starts: start it again with the new one.
      await client.stop();
      client = makeClient();
      await client.start();
    }),
  );
  await client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
