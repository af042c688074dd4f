// The "on this page" script marks the section being read: nothing above the first heading, then
// the last heading that has passed a quarter of the window, in both lists (side and folded).
// It runs on a page of three tall sections written here, with the script a built site ships.
//
// LATENT_SITE names a built site (its on-this-page.js is the script under test).
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { chromium, open } = require("./browser.js");

const site = process.env.LATENT_SITE;
const script = site && path.join(site, "on-this-page.js");
const skip = (!site && "LATENT_SITE not set") || (!fs.existsSync(script) && "the site has no on-this-page.js")
  || (!chromium && "Chromium is not installed");

test("the section being read is marked in both lists, and none above the first heading", { skip, timeout: 60000 }, async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "on-this-page-"));
  const list = '<ol><li><a href="#a">A</a></li><li><a href="#b">B</a></li><li><a href="#c">C</a></li></ol>';
  const tall = '<p style="height: 1500px">text</p>';
  fs.copyFileSync(script, path.join(folder, "on-this-page.js"));
  fs.writeFileSync(path.join(folder, "index.html"), `<!doctype html><html><body>
    <details class="on-this-page folded" open><summary>On this page</summary><nav>${list}</nav></details>${tall}
    <h2 id="a">A</h2>${tall}<h2 id="b">B</h2>${tall}<h2 id="c">C</h2>${tall}
    <nav class="on-this-page side">${list}</nav><script src="on-this-page.js"></script></body></html>`);
  const browser = await open(path.join(folder, "index.html"), { width: 1280, height: 800 });
  try {
    const marked = `Array.from(document.querySelectorAll("[aria-current=location]")).map((a) => a.getAttribute("href")).join(" ")`;
    const settle = "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))";
    await browser.evaluate(settle);
    assert.strictEqual(await browser.evaluate(marked), "", "above the first heading nothing is marked");
    await browser.evaluate(`window.scrollTo(0, document.getElementById("b").offsetTop - 100)`);
    await browser.evaluate(settle);
    assert.strictEqual(await browser.evaluate(marked), "#b #b", "section B, in both lists");
    await browser.evaluate(`window.scrollTo(0, document.getElementById("c").offsetTop + 400)`);
    await browser.evaluate(settle);
    assert.strictEqual(await browser.evaluate(marked), "#c #c");
    assert.deepStrictEqual(browser.problems, []);
  } finally {
    browser.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
