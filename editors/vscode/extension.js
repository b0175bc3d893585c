// The statute extension: starts `statute lsp` for .law and .feature files (docs/editors.md).
// Everything the editor shows comes from the server; this file only says how to start it.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration("statute");
  const [command, ...args] = settings.get("server.command", ["statute", "lsp"]);
  const server = { command, args, transport: TransportKind.stdio };
  client = new LanguageClient("statute", "statute", server, {
    documentSelector: [
      { scheme: "file", language: "statute" },
      { scheme: "file", pattern: "**/*.feature" },
    ],
    initializationOptions: { debounceMs: settings.get("debounceMs", 150) },
  });
  client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `statute: could not start \`${[command, ...args].join(" ")}\` (${error.message}). ` +
        "Install the language server with pip install 'statute[lsp]', or set statute.server.command.");
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
