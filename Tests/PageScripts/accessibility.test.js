// Every page of a built site passes axe-core's WCAG 2.0–2.2 A and AA rules with no serious or
// critical violation, in the light and the dark colour scheme. axe-core is the engine Deque ships
// and the one issue 34's probe used; `make axe` fetches it (inside the axe-playwright-python wheel,
// its sha256 checked) to .build-axe/axe.min.js, and the test injects it over the DevTools pipe the
// other browser tests use (browser.js). Each live figure is scrolled to first, so that its controls
// exist when the rules run.
//
// LATENT_SITE names a built site (e.g. output/); LATENT_AXE may name another axe.min.js.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const { chromium, open } = require("./browser.js");

const site = process.env.LATENT_SITE;
const axeFile = process.env.LATENT_AXE || path.join(__dirname, "../../.build-axe/axe.min.js");
const pages = !site ? [] : [path.join(site, "index.html"), ...fs.readdirSync(site).sort()
  .map((name) => path.join(site, name, "index.html")).filter((file) => fs.existsSync(file))];
const rules = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

// axe's violations on `file` in one scheme, each { id, impact, help, nodes: [selector …] }.
async function violations(file, dark) {
  const browser = await open(file, { width: 1280, height: 900, dark });
  try {
    await browser.evaluate("document.fonts.ready");
    // Live figures build their controls when they near the viewport: bring each there, wait for it.
    const live = await browser.evaluate("document.querySelectorAll('figure.live').length");
    for (let index = 0; index < live; index++) {
      const figure = `document.querySelectorAll('figure.live')[${index}]`;
      await browser.evaluate(`${figure}.scrollIntoView({ block: "start" })`);
      const start = Date.now();
      while (!(await browser.evaluate(`${figure}.classList.contains("live-ready")`)) && Date.now() - start < 15000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await browser.evaluate("window.scrollTo(0, 0)");
    await browser.evaluate(fs.readFileSync(axeFile, "utf8"));
    return await browser.evaluate(`axe.run(document, { runOnly: { type: "tag", values: ${JSON.stringify(rules)} }, resultTypes: ["violations"] })
      .then((result) => result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help,
        nodes: violation.nodes.map((node) => node.target.join(" ")) })))`);
  } finally {
    browser.close();
  }
}

const skip = (!site && "LATENT_SITE not set") || (!chromium && "Chromium is not installed")
  || (!fs.existsSync(axeFile) && `${axeFile} is missing: run \`make axe\``);
// KaTeX writes each formula twice: the visible HTML and MathML for screen readers (clipped to one
// pixel). A formula without its MathML is unreadable without sight.
for (const file of site ? pages : []) {
  test(`${path.relative(process.cwd(), file)}: every formula keeps its MathML for screen readers`, () => {
    const html = fs.readFileSync(file, "utf8");
    const formulas = (html.match(/<span class="katex">/g) || []).length;
    const mathML = (html.match(/<span class="katex-mathml"><math/g) || []).length;
    assert.strictEqual(mathML, formulas, `${formulas} formulas, ${mathML} with MathML`);
  });
}

if (pages.length === 0) test("every page of a built site has no serious or critical axe violation", { skip: skip || "no pages" }, () => {});
for (const file of pages) {
  for (const dark of [false, true]) {
    const scheme = dark ? "dark" : "light";
    test(`${path.relative(process.cwd(), file)} (${scheme}) has no serious or critical axe-core violation`, { skip, timeout: 180000 }, async () => {
      const found = await violations(file, dark);
      const count = (impacts) => found.filter((v) => impacts.includes(v.impact)).reduce((sum, v) => sum + v.nodes.length, 0);
      const byRule = found.map((v) => `${v.id} ${v.impact} ×${v.nodes.length}`).join(", ") || "none";
      console.log(`axe: ${path.relative(process.cwd(), file)} ${scheme}: ${count(["critical"])} critical, ${count(["serious"])} serious, `
        + `${count(["moderate", "minor"])} moderate or minor (${byRule})`);
      const bad = found.filter((v) => v.impact === "serious" || v.impact === "critical");
      assert.deepStrictEqual(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 5).join("; ")}${v.nodes.length > 5 ? "; …" : ""}`), []);
    });
  }
}
