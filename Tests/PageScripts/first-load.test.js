// How much a page loads before its reader scrolls: its HTML and everything the browser fetches for
// the first screen (styles, images, scripts, and the data of a live figure that is already near),
// at most 2 MB; a live figure's data further down waits until the reader comes near it. Every
// request stays on file:// (no network). Opened in headless Chromium (browser.js) at 1280 × 900;
// each requested file is counted at its size on disk.
//
// LATENT_SITE names a built site (e.g. output/), whose every chapter page is checked. (The fixture
// page of PageScriptTests is one short screen, so all its figures are near at once: not a test.)
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const { chromium, open } = require("./browser.js");

const limit = 2 * 1024 * 1024;
const site = process.env.LATENT_SITE;
const pages = site ? fs.readdirSync(site).map((name) => path.join(site, name, "index.html")).filter((file) => fs.existsSync(file)) : [];

// The files a page requested while it settled (a second after its load event), with their sizes.
async function firstLoad(file) {
  const browser = await open(file);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return browser.requests.map((url) => ({ url, bytes: url.startsWith("file://") ? fs.statSync(decodeURIComponent(new URL(url).pathname)).size : 0 }));
  } finally {
    browser.close();
  }
}

if (pages.length === 0) test("every page of a built site loads at most 2 MB before the reader scrolls", { skip: "LATENT_SITE not set" }, () => {});
for (const file of pages) {
  test(`${path.relative(process.cwd(), file)} loads at most 2 MB before the reader scrolls, all from file://`,
    { skip: !chromium && "Chromium is not installed", timeout: 60000 }, async () => {
      const requests = await firstLoad(file);
      const offSite = requests.filter(({ url }) => !url.startsWith("file://") && !url.startsWith("data:"));
      assert.deepStrictEqual(offSite.map(({ url }) => url), [], "requests that leave file://");
      const total = requests.reduce((sum, { bytes }) => sum + bytes, 0);
      const largest = requests.slice().sort((a, b) => b.bytes - a.bytes).slice(0, 3).map(({ url, bytes }) => `${path.basename(url)} ${(bytes / 1e6).toFixed(2)} MB`);
      console.log(`first load: ${path.relative(process.cwd(), file)} ${(total / 1e6).toFixed(2)} MB in ${requests.length} files (largest: ${largest.join(", ")})`);
      assert.ok(total <= limit, `${file} loads ${total} bytes before the reader scrolls`);
    });
}
