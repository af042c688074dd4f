// Chapter 5's two live figures on a woven page, driven in headless Chromium (browser.js): a caption
// typed key by key is written into an image, the same one Node writes; an unknown word is named on
// the page with the known words; a stroke drawn with the mouse and one drawn with a finger are
// encoded and captioned, and clear empties the figure. Nothing may go to the console as an error.
"use strict";
const assert = require("node:assert");
const { liveFigure, until, pageTest } = require("./browser.js");
const words = require("../../Sources/PageScripts/words-and-patches.js");
const page = require("../../Sources/PageScripts/page-data.js");

// The canvas's pixels as a short fingerprint (a sum of its bytes, position-weighted).
const canvasPrint = (selector) => `(() => { const c = document.querySelector('${selector}');
  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data; let h = 0;
  for (let i = 0; i < d.length; i += 7) h = (h * 31 + d[i]) % 1000000007; return h; })()`;

pageTest("typing a caption writes its image token by token; an unknown word is named with the known words", "sentence-writer.js", async (browser) => {
  const { send, evaluate } = browser;
  const { selector, data } = await liveFigure(evaluate, "sentence-writer.js");
  const vocabulary = words.modelOf(data);
  const before = await evaluate(canvasPrint(`${selector} canvas.decoded`));

  // Type a caption from the known words, key by key, into the emptied field.
  const caption = data.strings.examples[0];
  await evaluate(`(() => { const input = document.querySelector('${selector} input[type=text]'); input.value = ""; input.focus(); })()`);
  for (const character of caption) await send("Input.insertText", { text: character });
  const offered = await evaluate(`[...document.querySelectorAll('${selector} .word-suggestions button')].map((b) => b.textContent)`);
  const lastWord = words.wordsOf(caption).pop();
  assert.ok(offered.includes(lastWord), `while typing “${caption}” the words offered were ${offered}`);
  assert.ok(offered.every((word) => word.startsWith(lastWord.slice(0, 1))), `offered ${offered} for “${lastWord}”`);
  // Guidance 2 where the figure offers it, so the browser mixes conditional and unconditional logits;
  // a seed other than the opening one, so the image differs from the one the figure opened on.
  await evaluate(`document.querySelector('${selector} input[type=number]').value = "5"`);
  await evaluate(`(() => { const range = document.querySelector('${selector} input[type=range]');
    if (range) { range.value = "2"; range.dispatchEvent(new Event("input")); } })()`);
  const [scale, seed] = await evaluate(`[Number(document.querySelector('${selector} input[type=range]')?.value ?? 1),
    Number(document.querySelector('${selector} input[type=number]').value)]`);
  await browser.key("Enter", "Enter", 13);
  await until(evaluate, `document.querySelector('${selector}').dataset.done === "true"`, 30, "the image was written");
  const tokens = (await evaluate(`document.querySelector('${selector}').dataset.tokens`)).split(",").map(Number);
  const writer = words.imageWriter(vocabulary, words.captionTokens(vocabulary, words.wordsOf(caption)).tokens, seed, vocabulary.unconditional ? scale : 1);
  while (writer.more) writer.next();
  assert.deepStrictEqual(tokens, writer.tokens, `the browser wrote what Node writes for “${caption}”, seed ${seed}, guidance ${scale}`);
  assert.notStrictEqual(await evaluate(canvasPrint(`${selector} canvas.decoded`)), before, "the canvas changed");
  assert.match(await evaluate(`document.querySelector('${selector} .readout').textContent`), vocabulary.unconditional ? /, guidance 2\.0, seed \d+: all 49 tokens written$/ : /all 49 tokens written$/);

  // A word the model never saw: named, and the last caption's image taken away.
  const written = await evaluate(canvasPrint(`${selector} canvas.decoded`));
  await evaluate(`(() => { const input = document.querySelector('${selector} input[type=text]'); input.value = ""; input.focus(); })()`);
  for (const character of "a purple seven") await send("Input.insertText", { text: character });
  await browser.key("Enter", "Enter", 13);
  const message = await evaluate(`document.querySelector('${selector} .live-message').textContent`);
  assert.match(message, /“purple” is not a word this model knows/);
  assert.match(await evaluate(`document.querySelector('${selector} .readout').textContent`), /^Nothing written/);
  assert.notStrictEqual(await evaluate(canvasPrint(`${selector} canvas.decoded`)), written, "the image of the last caption is gone");
  assert.ok(vocabulary.words.every((word) => message.includes(`“${word}”`)), `the message lists the known words: ${message}`);
  assert.ok(await evaluate(`document.querySelector('${selector} .live-message').getBoundingClientRect().height > 0`), "the message is visible");
  assert.deepStrictEqual(browser.problems, [], "console errors");
});

pageTest("the writer opens on Swift's checked image, offers only grammatical words, and refuses other phrasings", "sentence-writer.js", async (browser) => {
  const { send, evaluate } = browser;
  const { selector, data } = await liveFigure(evaluate, "sentence-writer.js");
  if (!data.arrays.openingTokens) return;  // a run without a checked opening
  await until(evaluate, `document.querySelector('${selector}').dataset.done === "true"`, 30, "the opening image was written");
  const opened = (await evaluate(`document.querySelector('${selector}').dataset.tokens`)).split(",").map(Number);
  assert.deepStrictEqual(opened, Array.from(page.arrayOf(data.arrays.openingTokens)), "the browser opens on the tokens Swift wrote for the checked seed");
  assert.strictEqual(await evaluate(`document.querySelector('${selector} input[type=text]').value`), data.strings.examples[0]);
  const range = await evaluate(`[document.querySelector('${selector} input[type=range]').min, document.querySelector('${selector} input[type=range]').max]`);
  assert.deepStrictEqual(range.map(Number), Array.from(page.arrayOf(data.arrays.guidanceRange)), "the slider spans the sweep");

  // After "a " only weights and classes are offered; a chip chosen with the keyboard types its word.
  await evaluate(`(() => { const input = document.querySelector('${selector} input[type=text]'); input.value = ""; input.focus(); })()`);
  await send("Input.insertText", { text: "a " });
  const offered = await evaluate(`[...document.querySelectorAll('${selector} .word-suggestions button')].map((b) => b.textContent)`);
  const grammar = words.grammarOf(data);
  assert.deepStrictEqual(offered, grammar.next(["a"]), "only the words a phrasing allows after “a”");
  await evaluate(`document.querySelector('${selector} .word-suggestions button').focus()`);
  // Enter as a keyboard types it (with its text), which activates a focused button.
  for (const type of ["keyDown", "keyUp"]) {
    await send("Input.dispatchKeyEvent", { type, key: "Enter", code: "Enter", windowsVirtualKeyCode: 13, ...(type === "keyDown" ? { text: "\r" } : {}) });
  }
  assert.strictEqual(await evaluate(`document.querySelector('${selector} input[type=text]').value`), `a ${offered[0]} `, "Enter on a chip types it");

  // A class word alone, and known words in an order no phrasing has: refused, with the phrasings.
  for (const typed of [data.strings.classWords[0], "upright seven a bold"]) {
    await evaluate(`(() => { const input = document.querySelector('${selector} input[type=text]'); input.value = ""; input.focus(); })()`);
    await send("Input.insertText", { text: typed });
    await browser.key("Enter", "Enter", 13);
    const message = await evaluate(`document.querySelector('${selector} .live-message').textContent`);
    assert.match(message, /is not a phrasing this model was trained on/, `“${typed}” is refused`);
    assert.ok(grammar.phrasings(data.strings.classWords[0]).every((said) => message.includes(`“${said}”`)), message);
    assert.strictEqual(await evaluate(`document.querySelector('${selector}').dataset.done`), "false", "nothing was written");
    assert.match(await evaluate(`document.querySelector('${selector} .readout').textContent`), /^Nothing written/);
  }
  assert.strictEqual(await evaluate(`document.querySelector('${selector} .readout').getAttribute("aria-live")`), "polite");
  assert.deepStrictEqual(browser.problems, [], "console errors");
});

pageTest("the sketch captioner draws with the arrow keys and captions on Enter", "sketch-captioner.js", async (browser) => {
  const { evaluate } = browser;
  const { selector, data } = await liveFigure(evaluate, "sketch-captioner.js");
  const vocabulary = words.modelOf(data);
  await evaluate(`document.querySelector('${selector} canvas.sketch').focus()`);
  for (let n = 0; n < 4; n++) await browser.key("ArrowDown", "ArrowDown", 40);
  for (let n = 0; n < 2; n++) await browser.key("ArrowRight", "ArrowRight", 39);
  await browser.key("Enter", "Enter", 13);
  await until(evaluate, `document.querySelector('${selector}').dataset.caption !== undefined`, 10, "the keyboard drawing was captioned");
  const tokens = (await evaluate(`document.querySelector('${selector}').dataset.tokens`)).split(",").map(Number);
  assert.strictEqual(await evaluate(`document.querySelector('${selector}').dataset.caption`), words.caption(vocabulary, tokens).join(" "));
  assert.match(await evaluate(`document.querySelector('${selector} .readout').textContent`), /^The model/);
  assert.match(await evaluate(`document.querySelector('${selector} .live-hint').textContent`), /measured against the class's own digits/);
  await browser.key("Escape", "Escape", 27);
  assert.strictEqual(await evaluate(`document.querySelector('${selector}').dataset.caption === undefined`), true, "Escape clears");
  assert.deepStrictEqual(browser.problems, [], "console errors");
});

pageTest("a stroke drawn with the mouse or a finger is encoded and captioned; clear empties the figure", "sketch-captioner.js", async (browser) => {
  const { send, evaluate } = browser;
  const { selector, data } = await liveFigure(evaluate, "sketch-captioner.js");
  const vocabulary = words.modelOf(data);
  const box = await evaluate(`(() => { const r = document.querySelector('${selector} canvas.sketch').getBoundingClientRect();
    return [r.left, r.top, r.width]; })()`);
  const point = (u, v) => ({ x: box[0] + box[2] * u, y: box[1] + box[2] * v });
  const readout = () => evaluate(`document.querySelector('${selector} .readout').textContent`);
  const empty = await readout();

  // A "7" with the mouse: across the top, then down to the lower left.
  const stroke = [[0.3, 0.25], [0.5, 0.25], [0.7, 0.25], [0.6, 0.45], [0.5, 0.6], [0.42, 0.78]].map(([u, v]) => point(u, v));
  await send("Input.dispatchMouseEvent", { type: "mousePressed", ...stroke[0], button: "left", buttons: 1, clickCount: 1 });
  for (const at of stroke.slice(1)) await send("Input.dispatchMouseEvent", { type: "mouseMoved", ...at, button: "left", buttons: 1 });
  assert.strictEqual(await readout(), empty, "nothing is captioned before the stroke ends");
  await send("Input.dispatchMouseEvent", { type: "mouseReleased", ...stroke[stroke.length - 1], button: "left", buttons: 0, clickCount: 1 });
  await until(evaluate, `document.querySelector('${selector}').dataset.caption !== undefined`, 10, "the drawing was captioned");
  const tokens = (await evaluate(`document.querySelector('${selector}').dataset.tokens`)).split(",").map(Number);
  assert.strictEqual(tokens.length, vocabulary.tokensPerImage);
  const caption = await evaluate(`document.querySelector('${selector}').dataset.caption`);
  assert.strictEqual(caption, words.caption(vocabulary, tokens).join(" "), "the page's caption is the one Node writes after the same tokens");
  assert.notStrictEqual(await readout(), empty, "the figure's text changed");
  assert.strictEqual(await evaluate(`document.querySelectorAll('${selector} table.token-grid td').length`), vocabulary.tokensPerImage, "49 tokens shown");

  // A second stroke with a finger: a bar through the middle, which changes the tokens.
  const touches = [[0.35, 0.5], [0.5, 0.5], [0.65, 0.5]].map(([u, v]) => point(u, v));
  await send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [touches[0]] });
  for (const at of touches.slice(1)) await send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [at] });
  await send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await until(evaluate, `document.querySelector('${selector}').dataset.tokens !== ${JSON.stringify(tokens.join(","))}`, 10, "the touch stroke changed the tokens");

  await evaluate(`[...document.querySelectorAll('${selector} button')].find((b) => b.textContent === "clear").click()`);
  assert.strictEqual(await readout(), empty, "clear empties the figure");
  assert.strictEqual(await evaluate(`document.querySelector('${selector}').dataset.caption === undefined`), true, "no caption after clear");
  assert.deepStrictEqual(browser.problems, [], "console errors");
  assert.ok(page.arrayOf(data.arrays["encoder.conv1.weight"]).length > 0, "the page ships the encoder");
});
