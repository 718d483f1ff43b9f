#!/usr/bin/env node
// Runs citeproc-js (npm package "citeproc") over one style and prints what
// `typeset cite --format html` prints: {"notes": [...], "bibliography": [...]}.
//
// Input (JSON on stdin):
//   {"style": "<style XML>", "locales_dir": "...", "lang": "en-US", "force_lang": false,
//    "items": [CSL-JSON items], "notes": [[cite, ...], ...]}
// A cite is {"id", "locator", "label", "prefix", "suffix", "suppress-author"}.
// Note n (1-based) is a citation cluster with noteIndex n; the bibliography
// lists the items cited, in the style's order. Bibliography entries lose the
// harness wrapper (<div class="csl-entry">, pretty-printing newlines and
// indentation), which `typeset cite` does not print either.
// Usage: node run_citeproc.js [CITEPROC_MODULE_DIR] < input.json
"use strict";
const fs = require("fs");
const path = require("path");

const moduleDir = process.argv[2] || path.join(__dirname, "..", "..", ".cache", "citeproc-js",
  "node_modules", "citeproc");
const CSL = require(moduleDir);

function readStdin() {
  return JSON.parse(fs.readFileSync(0, "utf-8"));
}

function makeSys(input) {
  const items = {};
  for (const item of input.items) items[String(item.id)] = item;
  return {
    retrieveItem: (id) => items[String(id)],
    retrieveLocale: (lang) => {
      const file = path.join(input.locales_dir, "locales-" + lang + ".xml");
      return fs.existsSync(file) ? fs.readFileSync(file, "utf-8") : false;
    },
  };
}

function cleanEntry(entry) {
  let s = entry.replace(/^\s*<div class="csl-entry">/, "").replace(/<\/div>\s*$/, "");
  return s.replace(/\n */g, "");
}

function main() {
  const input = readStdin();
  const engine = new CSL.Engine(makeSys(input), input.style, input.lang || "en-US", Boolean(input.force_lang));
  const citations = input.notes.map((cites, n) => [{
    citationID: "CITATION-" + (n + 1),
    citationItems: cites.map((c) => Object.assign({}, c, {id: String(c.id)})),
    properties: {noteIndex: n + 1},
  }, [], []]);
  const notes = [];
  for (const [id, , text] of engine.rebuildProcessorState(citations.map((c) => c[0]), "html")) {
    notes[Number(id.split("-")[1]) - 1] = text;
  }
  let bibliography = [];
  const bib = input.notes.length ? engine.makeBibliography() : false;
  if (bib) bibliography = bib[1].map(cleanEntry);
  process.stdout.write(JSON.stringify({notes: notes, bibliography: bibliography}));
}

main();
