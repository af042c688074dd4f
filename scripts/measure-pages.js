#!/usr/bin/env node
// How much of each chapter page is open code, measured the way a reader meets the page: in
// headless Chromium at a desktop's and a phone's width, after fonts and math have settled.
//
//   height      the page's full height (px)
//   main        the main column's height (px): the <main> element
//   code        total height of the `pre` blocks a reader sees without opening anything (a `pre`
//               inside a closed <details> is not counted, nor one hidden by CSS)
//   share       code ÷ main: the limit is 25% at 1280 px
//   run         the longest run of visible code lines with no prose, figure or table between them,
//               and the lines it starts at
//
// usage: scripts/measure-pages.js SITE_FOLDER [--widths 1280,390] [--dark] [--json]
//   SITE_FOLDER is a built site (output/); every folder in it with an index.html is a chapter page.
//   Prints a table (or one JSON line per page and width with --json).
//
// Chromium is driven over --remote-debugging-pipe (scripts/devtools_pipe.js), like the page probe
// and the browser tests: no WebSocket client and no npm packages.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { measureEveryPage } = require("./devtools_pipe.js");

const args = process.argv.slice(2);
const flag = (name) => { const at = args.indexOf(name); return at >= 0 ? args[at + 1] : undefined; };
const site = args.find((arg, index) => !arg.startsWith("--") && args[index - 1] !== "--widths");
const widths = (flag("--widths") || "1280,390").split(",").map(Number);
const dark = args.includes("--dark");
const json = args.includes("--json");
if (!site || !fs.existsSync(path.join(site, "index.html"))) {
  console.error(`usage: measure-pages.js SITE_FOLDER [--widths 1280,390] [--dark] [--json]: ${site || "no folder given"} has no index.html`);
  process.exit(64);
}
if (widths.some((width) => !Number.isFinite(width) || width < 200)) {
  console.error(`measure-pages.js: --widths ${flag("--widths")}: give pixel widths of at least 200, separated by commas`);
  process.exit(64);
}

// Runs inside the page. One function, so that it reads top to bottom.
function measure() {
  // checkVisibility, not getClientRects: a closed <details> hides its content with content-visibility.
  const visible = (element) => element.checkVisibility({ visibilityProperty: true })
    && !element.closest("details:not([open]) > :not(summary)");
  const column = document.querySelector("main") || document.body;
  const blocks = [...column.querySelectorAll("pre")].filter(visible);
  // A `pre` inside another counted `pre` would count twice.
  const outer = blocks.filter((block) => !blocks.some((other) => other !== block && other.contains(block)));
  const code = outer.reduce((sum, block) => sum + block.getBoundingClientRect().height, 0);

  let run = 0, longest = 0, runStart = null, longestStart = null;
  const walk = (node) => {
    if (!(node instanceof Element) || !visible(node)) return;
    if (node.matches(".prose p, .prose li, .prose h1, .prose h2, .prose h3, figure, table, .outputs")) {
      run = 0;
      return;
    }
    if (node.matches("pre")) {
      if (run === 0) runStart = node.dataset.lines || null;
      run += node.textContent.replace(/\n$/, "").split("\n").length;
      if (run > longest) [longest, longestStart] = [run, runStart];
      return;
    }
    for (const child of node.children) walk(child);
  };
  walk(column);

  const main = column.getBoundingClientRect().height;
  return {
    height: Math.round(document.documentElement.scrollHeight), main: Math.round(main), code: Math.round(code),
    share: main > 0 ? code / main : 0, run: longest, runLines: longestStart,
  };
}

async function main() {
  const rows = [];
  await measureEveryPage({ site, widths, dark, measure, onRow: (row) => {
    rows.push(row);
    if (json) console.log(JSON.stringify(row));
  } });
  if (json) return;
  const header = ["page", "width", "height px", "main px", "open code px", "code share", "longest run", "at lines"];
  const table = rows.map((row) => [row.page, String(row.width), String(row.height), String(row.main), String(row.code),
    `${(row.share * 100).toFixed(1)}%`, `${row.run} lines`, row.runLines || "-"]);
  const sizes = header.map((title, column) => Math.max(title.length, ...table.map((cells) => cells[column].length)));
  const line = (cells) => cells.map((cell, column) => (column === 0 || column === 7 ? cell.padEnd(sizes[column]) : cell.padStart(sizes[column]))).join("  ");
  console.log(line(header));
  for (const cells of table) console.log(line(cells));
}

main().catch((error) => {
  console.error(`measure-pages.js: ${error.message}`);
  process.exit(1);
});
