// Reads lines of text (a JSON list on standard input) with a TextMate grammar, as VS Code reads them (the
// engine vscode-textmate, regular expressions by Oniguruma), and prints each line's tokens with their scopes
// as JSON: [[[start, end, [scope, …]], …], …]. Usage: node textmate_tokens.js GRAMMAR.json MODULES_FOLDER
"use strict";
const fs = require("fs");
const path = require("path");
const [grammarPath, modules] = process.argv.slice(2);
const textmate = require(path.join(modules, "vscode-textmate"));
const oniguruma = require(path.join(modules, "vscode-oniguruma"));

async function main() {
  const wasm = fs.readFileSync(path.join(modules, "vscode-oniguruma", "release", "onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async () => textmate.parseRawGrammar(fs.readFileSync(grammarPath, "utf-8"), grammarPath),
  });
  const grammar = await registry.loadGrammar("source.strides");
  const lines = JSON.parse(fs.readFileSync(0, "utf-8"));
  const out = [];
  let state = textmate.INITIAL;
  for (const line of lines) {
    const found = grammar.tokenizeLine(line, state);
    out.push(found.tokens.map((t) => [t.startIndex, Math.min(t.endIndex, line.length), t.scopes]));
    state = found.ruleStack;
  }
  process.stdout.write(JSON.stringify(out));
}
main().catch((error) => { process.stderr.write(String(error.stack || error)); process.exit(1); });
