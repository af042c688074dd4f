// A Chromium DevTools session over --remote-debugging-pipe: messages are JSON ended by a NUL byte,
// written to the child's fd 3 and read from its fd 4, so no WebSocket client or npm package is
// needed. Shared by the page probe (scripts/page_probe.js), the page measurements (scripts/measure-pages.js)
// and the browser tests (Tests/PageScripts).
"use strict";

// `send(method, params, sessionId)` resolves with the result (rejects with the error); `on(listener)`
// receives every event.
function devTools(child) {
  let nextId = 1, buffer = "";
  const pending = new Map(), listeners = [];
  child.stdio[4].on("data", (chunk) => {
    buffer += chunk.toString("utf8");
    let end;
    while ((end = buffer.indexOf("\0")) >= 0) {
      const message = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      const waiting = message.id && pending.get(message.id);
      if (waiting) {
        pending.delete(message.id);
        if (message.error) waiting.reject(new Error(JSON.stringify(message.error)));
        else waiting.resolve(message.result);
      } else listeners.forEach((listener) => listener(message));
    }
  });
  return {
    send(method, params = {}, sessionId) {
      const id = nextId++;
      child.stdio[3].write(JSON.stringify({ id, method, params, sessionId }) + "\0");
      return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    },
    on(listener) { listeners.push(listener); },
  };
}

// Every chapter page of a built site (each folder of `site` with a run.json), loaded in headless
// Chromium at each of `widths` (900 px tall, the phone flag below 600 px) in the light or dark scheme:
// once fonts are ready, `measure` (a function with no arguments, run inside the page) is evaluated and
// `onRow({ page, width, ...whatMeasureReturned })` called. Shared by the page probe and the page
// measurements, so both load a page the same way.
async function measureEveryPage({ site, widths, dark, measure, onRow }) {
  const fs = require("node:fs"), path = require("node:path"), { spawn } = require("node:child_process");
  const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((candidate) => fs.existsSync(candidate));
  if (!chromium) throw new Error("Chromium is not installed (/usr/bin/chromium)");
  // A chapter page has its run record beside it (the API reference in reference/ has none).
  const pages = fs.readdirSync(site).filter((name) => fs.existsSync(path.join(site, name, "run.json"))).sort();
  if (pages.length === 0) throw new Error(`${site} has no chapter pages (folders with an index.html)`);
  const child = spawn(chromium, ["--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe", "about:blank"],
    { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
  try {
    const tools = devTools(child);
    const { targetInfos } = await tools.send("Target.getTargets");
    const target = targetInfos.find((info) => info.type === "page");
    const { sessionId } = await tools.send("Target.attachToTarget", { targetId: target.targetId, flatten: true });
    const send = (method, params) => tools.send(method, params, sessionId);
    await send("Page.enable");
    await send("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value: dark ? "dark" : "light" }] });
    for (const width of widths) {
      await send("Emulation.setDeviceMetricsOverride", { width, height: 900, deviceScaleFactor: 1, mobile: width < 600 });
      for (const page of pages) {
        const loaded = new Promise((resolve) => tools.on((message) => { if (message.method === "Page.loadEventFired") resolve(); }));
        await send("Page.navigate", { url: "file://" + path.resolve(site, page, "index.html") });
        await loaded;
        await send("Runtime.evaluate", { expression: "document.fonts.ready", awaitPromise: true });
        const { result } = await send("Runtime.evaluate", { expression: `(${measure})()`, returnByValue: true });
        onRow({ page, width, ...result.value });
      }
    }
  } finally {
    child.kill("SIGKILL");
  }
}

module.exports = { devTools, measureEveryPage };
