// A Chromium DevTools session over --remote-debugging-pipe: messages are JSON ended by a NUL byte,
// written to the child's fd 3 and read from its fd 4, so no WebSocket client or npm package is
// needed. Shared by the page probe (scripts/page_probe.js) and the browser tests (Tests/PageScripts).
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

module.exports = { devTools };
