// Chapters 3 and 4's live figures from the keyboard alone, in headless Chromium (browser.js): the
// token editor moves its cell with the arrow keys, goes to the codebook with Enter and puts another
// entry in the cell with an arrow key; the patch writer writes a token on →, takes it back on ← and
// writes the rest on Enter, listing the next token's likeliest entries as Node computes them. Each
// change is said in the figure's polite live region, and the focused element shows a focus ring.
"use strict";
const assert = require("node:assert");
const { liveFigure, pageTest, digitColors, cellCentres, worstDifference, until } = require("./browser.js");

// The outline a focused element draws (its width in CSS pixels): the visible focus ring.
const focusRing = (evaluate) => evaluate(`parseFloat(getComputedStyle(document.activeElement).outlineWidth) || 0`);

pageTest("the token editor is usable from the keyboard and says what changed", "token-editor.js", async (browser) => {
  const { evaluate, key } = browser;
  const { selector, data } = await liveFigure(evaluate, "token-editor.js");
  const decode = require("../../Sources/PageScripts/vq-decoder.js").decoderOf(data.arrays);
  const tokensNow = async () => (await evaluate(`document.querySelector('${selector}').dataset.tokens`)).split(",").map(Number);
  const readout = () => evaluate(`document.querySelector('${selector} .readout').textContent`);
  assert.strictEqual(await evaluate(`document.querySelector('${selector} .readout').getAttribute("aria-live")`), "polite");
  const original = await tokensNow();

  await evaluate(`document.querySelector('${selector} canvas.decoded').focus()`);
  await key("ArrowRight", "ArrowRight", 39);
  await key("ArrowDown", "ArrowDown", 40);
  assert.match(await readout(), /^Row 5, column 5: token \d+; 0 of 49 tokens changed\.$/, "the middle cell, one right and one down");
  assert.ok(await focusRing(evaluate) >= 2, "the image shows a focus ring");
  const cell = 4 * 7 + 4;

  await key("Enter", "Enter", 13);
  assert.strictEqual(await evaluate(`document.activeElement.getAttribute("aria-label")`), `token ${original[cell]}`,
    "Enter goes to the entry the cell holds");
  assert.ok(await focusRing(evaluate) >= 1, "the entry shows a focus ring");
  const next = original[cell] + 1 < 64 ? original[cell] + 1 : original[cell] - 1;
  await key(next > original[cell] ? "ArrowRight" : "ArrowLeft", next > original[cell] ? "ArrowRight" : "ArrowLeft", next > original[cell] ? 39 : 37);
  const edited = await tokensNow();
  assert.strictEqual(edited[cell], next, "an arrow key put the neighbouring entry into the cell");
  assert.strictEqual(edited.filter((token, i) => token !== original[i]).length, 1);
  assert.strictEqual(await readout(), `Row 5, column 5: now token ${next} (was ${original[cell]}); 1 of 49 tokens changed.`);
  const worst = worstDifference(await cellCentres(evaluate, `${selector} canvas.decoded`), decode(edited), digitColors(data));
  assert.ok(worst <= 1, `the canvas differs from decode(edited tokens) by ${worst} levels`);

  await key("Escape", "Escape", 27);
  assert.strictEqual(await evaluate(`document.activeElement.matches('${selector} canvas.decoded')`), true, "Escape goes back to the image");
  // The numbers toggle writes each cell's token on the image.
  const before = await cellCentres(evaluate, `${selector} canvas.decoded`);
  await evaluate(`document.querySelector('${selector} .token-numbers input').click()`);
  const after = await cellCentres(evaluate, `${selector} canvas.decoded`);
  assert.ok(before.some((red, i) => red !== after[i]), "the token numbers are drawn on the image");
  assert.deepStrictEqual(browser.problems, [], "console errors");
});

pageTest("the patch writer steps with the arrow keys and lists the next token's likeliest entries", "patch-writer.js", async (browser) => {
  const { evaluate, key } = browser;
  const { selector, data } = await liveFigure(evaluate, "patch-writer.js");
  const writer = require("../../Sources/PageScripts/patch-writer.js");
  const prior = writer.priorOf(data);
  const dataset = (name) => evaluate(`document.querySelector('${selector}').dataset.${name}`);
  const readout = () => evaluate(`document.querySelector('${selector} .readout').textContent`);
  const tokensNow = async () => ((await dataset("tokens")) || "").split(",").filter((t) => t !== "").map(Number);
  // What Node lists for class 0, seed 1 after `count` tokens: [token, probability] pairs.
  const listed = (count) => {
    const fresh = writer.writerFor(prior, 0, 1);
    while (fresh.tokens.length < count) fresh.next();
    return fresh.predictions(5).map((choice) => [choice.token, choice.probability]);
  };
  // The page lists the same tokens, and the same probabilities but for the last bits (the browser's
  // Math.exp may round differently from Node's).
  const checkListed = async (count) => {
    const shown = (await dataset("predictions")).split(",").map((pair) => pair.split(":").map(Number));
    const expected = listed(count);
    assert.deepStrictEqual(shown.map(([token]) => token), expected.map(([token]) => token), `the likeliest tokens after ${count}`);
    shown.forEach(([, probability], n) => assert.ok(Math.abs(probability - expected[n][1]) < 1e-12, `${probability} against ${expected[n][1]}`));
  };
  const whole = writer.write(prior, 0, 1);
  await checkListed(0);  // before the first token: the first position's likeliest entries
  assert.strictEqual(await evaluate(`document.querySelectorAll('${selector} .next-token-list li').length`), 5);

  await evaluate(`document.querySelector('${selector} canvas.decoded').focus()`);
  assert.ok(await focusRing(evaluate) >= 2, "the image shows a focus ring");
  for (let n = 0; n < 3; n++) await key("ArrowRight", "ArrowRight", 39);
  assert.deepStrictEqual(await tokensNow(), whole.slice(0, 3), "→ three times wrote the seed's first three tokens");
  await checkListed(3);
  assert.match(await readout(), new RegExp(`^0, seed 1: position 3 is token ${whole[2]}, which the model gave \\d+(\\.\\d)?%\\.$`));

  await key("ArrowLeft", "ArrowLeft", 37);
  assert.deepStrictEqual(await tokensNow(), whole.slice(0, 2), "← took the last token back");
  await checkListed(2);
  assert.match(await readout(), /^0, seed 1: position 3 taken back; 2 tokens written\.$/);

  await key("Enter", "Enter", 13);
  await until(evaluate, `document.querySelector('${selector}').dataset.done === "true"`, 30, "Enter wrote the whole image");
  assert.deepStrictEqual(await tokensNow(), whole, "Enter wrote the rest, as Node writes class 0, seed 1");
  assert.strictEqual(await readout(), "0, seed 1: all 49 tokens written");

  // On a class button the arrow keys choose the next class.
  await evaluate(`document.querySelector('${selector} .token-digits button').focus()`);
  await key("ArrowRight", "ArrowRight", 39);
  assert.strictEqual(await evaluate(`document.activeElement.textContent`), data.strings.classNames[1]);
  assert.strictEqual(await evaluate(`document.activeElement.getAttribute("aria-pressed")`), "true");
  assert.match(await readout(), new RegExp(`^Class ${data.strings.classNames[1]}, seed 1: nothing written yet`));
  assert.deepStrictEqual(browser.problems, [], "console errors");
});
