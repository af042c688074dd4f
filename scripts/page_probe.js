#!/usr/bin/env node
// Measures how the woven pages read, in headless Chromium at a phone's and a desktop's width:
//
//   fences      share of the math's rendered fences — ( ) [ ] { } | — no taller than 1.35 times the
//               font size of the text around the formula (TeX sets a plain "(" at about 1×), and the median
//   strayMath   inline formulas standing outside a paragraph (a sentence cut in pieces)
//   mathErrors  formulas the renderer could not typeset
//   codeRun     the longest run of visible code lines with no prose, figure or table between them
//   figureScale the smallest rendered ÷ drawn width of a figure image not in a sideways-scrolling frame
//   cutTables   tables wider than the screen and not in a sideways-scrolling frame
//   overflow    how far the page is wider than the screen (px)
//
// usage: scripts/page_probe.js SITE_FOLDER [--widths 1280,390] [--dark]   (prints one JSON line per page and width)
//
// Chromium is driven over --remote-debugging-pipe (scripts/devtools_pipe.js), so the probe needs
// neither a WebSocket client nor npm packages.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { measureEveryPage } = require("./devtools_pipe.js");

const args = process.argv.slice(2);
const site = args.find((arg) => !arg.startsWith("--") && !/^\d/.test(arg));
const widthsFlag = args.indexOf("--widths");
const widths = (widthsFlag >= 0 ? args[widthsFlag + 1] : "1280,390").split(",").map(Number);
const dark = args.includes("--dark");
if (!site || !fs.existsSync(path.join(site, "index.html"))) {
  console.error(`usage: page_probe.js SITE_FOLDER [--widths 1280,390] [--dark]: ${site || "no folder"} has no index.html`);
  process.exit(64);
}

// The measurements, run inside the page. Kept as one function so it reads top to bottom.
function measure() {
  const fenceCharacters = new Set(["(", ")", "[", "]", "{", "}", "|", "‖", "∥", "∣", "⟨", "⟩"]);
  const textSize = (element) => parseFloat(getComputedStyle(element.closest(".katex").parentElement).fontSize);
  const ratios = [];
  for (const element of document.querySelectorAll(".katex-html *, math *")) {
    if (element.closest(".katex-mathml")) continue;  // KaTeX's MathML copy is for screen readers, clipped to 1 px
    const own = [...element.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent.trim()).join("");
    if (!fenceCharacters.has(own)) continue;
    const box = element.getBoundingClientRect();
    if (box.height === 0) continue;
    const around = element.closest(".katex") ? textSize(element) : parseFloat(getComputedStyle(element.closest("math").parentElement).fontSize);
    ratios.push(box.height / around);
  }
  ratios.sort((a, b) => a - b);

  const blocks = new Set(["P", "LI", "TD", "TH", "DT", "DD", "FIGCAPTION", "BLOCKQUOTE", "H1", "H2", "H3", "H4", "CAPTION", "SUMMARY"]);
  let strayMath = 0;
  for (const formula of document.querySelectorAll(".prose .katex, .prose math")) {
    if (formula.closest(".katex-display") || formula.closest(".katex-mathml") || formula.getAttribute("display") === "block") continue;
    let parent = formula.parentElement;
    while (parent && !blocks.has(parent.tagName) && !parent.classList.contains("prose")) parent = parent.parentElement;
    if (!parent || parent.classList.contains("prose")) strayMath += 1;
  }

  // checkVisibility, not getClientRects: a closed <details> hides its content with content-visibility.
  const visible = (element) => element.checkVisibility({ visibilityProperty: true }) && !element.closest("details:not([open]) > :not(summary)");
  let run = 0, longest = 0, runStart = null, longestStart = null;
  const walk = (node) => {
    if (!(node instanceof Element) || !visible(node)) return;
    if (node.matches(".prose p, .prose li, .prose h1, .prose h2, .prose h3, figure, table")) {
      run = 0;
      return;
    }
    if (node.matches("pre.code")) {
      if (run === 0) runStart = node.dataset.lines || node.textContent.slice(0, 40);
      run += node.textContent.replace(/\n$/, "").split("\n").length;
      if (run > longest) [longest, longestStart] = [run, runStart];
      return;
    }
    for (const child of node.children) walk(child);
  };
  walk(document.querySelector("article") || document.body);

  const scrolls = (element) => {
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const overflow = getComputedStyle(parent).overflowX;
      if ((overflow === "auto" || overflow === "scroll") && parent !== document.documentElement && parent !== document.body) return true;
    }
    return false;
  };
  let figureScale = null;
  for (const image of document.querySelectorAll("figure img")) {
    if (!visible(image) || scrolls(image) || !image.getAttribute("width")) continue;
    // The drawn width of the image the page chose (a <picture> may pick the narrow drawing; the
    // img's width attribute is the wide one's): its natural width, which the browser reports in CSS
    // pixels for a `2x` candidate.
    const drawn = image.naturalWidth > 0 ? image.naturalWidth : Number(image.getAttribute("width"));
    const scale = image.getBoundingClientRect().width / drawn;
    figureScale = figureScale === null ? scale : Math.min(figureScale, scale);
  }
  const cutTables = [...document.querySelectorAll("table")].filter((table) => table.getBoundingClientRect().right > innerWidth + 1 && !scrolls(table)).length;

  return {
    fences: ratios.length, fencesOK: ratios.length ? ratios.filter((ratio) => ratio <= 1.35).length / ratios.length : 1,
    fenceMedian: ratios.length ? ratios[Math.floor(ratios.length / 2)] : null, fenceMax: ratios.length ? ratios[ratios.length - 1] : null,
    strayMath, mathErrors: document.querySelectorAll(".katex-error, merror").length, codeRun: longest, codeRunStart: longestStart,
    figureScale, cutTables, overflow: Math.max(0, document.documentElement.scrollWidth - innerWidth),
  };
}

async function main() {
  await measureEveryPage({ site, widths, dark, measure, onRow: (row) => console.log(JSON.stringify(row)) });
}

main().catch((error) => {
  console.error(`page_probe.js: ${error.message}`);
  process.exit(1);
});
