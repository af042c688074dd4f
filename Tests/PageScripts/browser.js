// What the browser tests share: a woven page opened in a fresh headless Chromium, spoken to over
// the DevTools protocol through a pipe (--remote-debugging-pipe, so no WebSocket client or npm
// package is needed), and helpers that find a live figure and read its canvases. (Not a test file:
// `node --test` runs only files named *.test.js.)
//
// LATENT_PAGE names the page (PageScriptTests.swift weaves one from a fixture run with every
// figure; a built site's page works too, and tests of figures it does not have are skipped).
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { spawn } = require("node:child_process");
const helpers = require("../../Sources/PageScripts/page-data.js");
const { devTools } = require("../../scripts/devtools_pipe.js");

const page = process.env.LATENT_PAGE;
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((candidate) => fs.existsSync(candidate));

// What a page's `<name>-data.js` assigns to LatentPageData[name].
function pageData(file, name) {
  const context = { window: {} };
  vm.runInNewContext(fs.readFileSync(file, "utf8"), context);
  return context.window.LatentPageData[name];
}

// The live figure that `script` draws on the open page: its selector, once the figure has been
// scrolled to and has drawn (class live-ready: its data loads only when it nears the viewport),
// and the data the page ships for it.
async function liveFigure(evaluate, script) {
  const selector = `figure.live[data-script="${script}"]`;
  await evaluate(`document.querySelector('${selector}').scrollIntoView({ block: "start" })`);
  const start = Date.now();
  while (!(await evaluate(`document.querySelector('${selector}').classList.contains("live-ready")`))) {
    assert.ok(Date.now() - start < 15000, `the figure of ${script} did not draw within 15 s of being scrolled to`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // Once more: the figure grew when its script built it.
  await evaluate(`document.querySelector('${selector}').scrollIntoView({ block: "start" })`);
  const name = await evaluate(`document.querySelector('${selector}').dataset.live`);
  return { selector, data: pageData(path.join(path.dirname(page), `${name}-data.js`), name) };
}

// Waits until `condition` (an expression) holds on the page, for at most `seconds`.
async function until(evaluate, condition, seconds, what) {
  const start = Date.now();
  while (!(await evaluate(condition))) {
    assert.ok(Date.now() - start < seconds * 1000, `${what} within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// A test of the figure that `script` draws, on the woven page in a fresh headless Chromium, closed
// afterwards whatever happens; skipped when the page has no such figure.
function pageTest(name, script, body) {
  const has = page && fs.existsSync(page) && fs.readFileSync(page, "utf8").includes(`data-script="${script}"`);
  const skip = (!page && "LATENT_PAGE not set") || (!chromium && "Chromium is not installed") || (!has && `the page has no ${script} figure`);
  test(name, { skip, timeout: 90000 }, async () => {
    const browser = await open(page);
    try {
      await body(browser);
    } finally {
      browser.close();
    }
  });
}

// A page's paper and pencil colours (light scheme, as the tests' browser uses), each [r, g, b].
function digitColors(data) {
  return data.digitColors.light.map(helpers.rgb);
}

// The red channel at the centre of each of the 28 × 28 cells of the canvas `selector` finds.
function cellCentres(evaluate, selector) {
  return evaluate(`(() => {
    const canvas = document.querySelector('${selector}'), cell = canvas.width / 28;
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data, reds = [];
    for (let row = 0; row < 28; row++) for (let column = 0; column < 28; column++) {
      reds.push(data[4 * (Math.floor((row + 0.5) * cell) * canvas.width + Math.floor((column + 0.5) * cell))]);
    }
    return reds;
  })()`);
}

// How many levels those reds differ at most from `image` (grey-levels) drawn between paper and pencil.
function worstDifference(reds, image, [paper, pencil]) {
  return image.reduce((worst, value, i) => Math.max(worst, Math.abs(Math.round(paper[0] + (pencil[0] - paper[0]) * value) - reds[i])), 0);
}

// Opens `file` in a fresh headless Chromium, `width` × `height` pixels, in the light or dark
// scheme; returns DevTools helpers, the console problems seen and the URLs the page requested.
async function open(file, { width = 1280, height = 900, dark = false } = {}) {
  const child = spawn(chromium, ["--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
    `--window-size=${width},${height}`, "about:blank"], { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
  const tools = devTools(child), problems = [], requests = [];
  const { targetInfos } = await tools.send("Target.getTargets");
  const target = targetInfos.find((info) => info.type === "page");
  const { sessionId } = await tools.send("Target.attachToTarget", { targetId: target.targetId, flatten: true });
  const send = (method, params) => tools.send(method, params, sessionId);
  const evaluate = async (expression) => (await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true })).result.value;
  tools.on((message) => {
    if (message.method === "Runtime.exceptionThrown") problems.push(message.params.exceptionDetails.text);
    if (message.method === "Runtime.consoleAPICalled" && message.params.type === "error") problems.push(JSON.stringify(message.params.args));
    if (message.method === "Log.entryAdded" && message.params.entry.level === "error") problems.push(message.params.entry.text);
    if (message.method === "Network.requestWillBeSent") requests.push(message.params.request.url);
  });
  await send("Runtime.enable");
  await send("Log.enable");
  await send("Page.enable");
  await send("Network.enable");
  await send("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value: dark ? "dark" : "light" }] });
  const loaded = new Promise((resolve) => tools.on((message) => { if (message.method === "Page.loadEventFired") resolve(); }));
  await send("Page.navigate", { url: "file://" + path.resolve(file) });
  await loaded;
  const key = async (name, code, keyCode) => {
    for (const type of ["keyDown", "keyUp"]) await send("Input.dispatchKeyEvent", { type, key: name, code, windowsVirtualKeyCode: keyCode });
  };
  // A PNG of what the browser shows, written to `target`.
  const screenshot = async (target) => {
    const { data } = await send("Page.captureScreenshot", { format: "png" });
    fs.writeFileSync(target, Buffer.from(data, "base64"));
  };
  return { send, evaluate, key, screenshot, problems, requests, close: () => child.kill("SIGKILL") };
}

module.exports = { page, chromium, open, pageData, liveFigure, until, pageTest, digitColors, cellCentres, worstDifference };
