// The live figures of chapters 2 to 4 on a woven page, driven in headless Chromium (browser.js):
// drag and key through the latent explorer, step the training film, edit a token, write a digit;
// each canvas is checked against what the page script computes under Node, and nothing may go to
// the console as an error.
"use strict";
const assert = require("node:assert");
const { liveFigure, pageTest, until, digitColors, cellCentres, worstDifference } = require("./browser.js");
const explorer = require("../../Sources/PageScripts/latent-explorer.js");

pageTest("the explorer follows the pointer and the arrow keys, and draws the decoder's image", "latent-explorer.js", async (browser) => {
  const { send, evaluate, problems } = browser;
  const { data } = await liveFigure(evaluate, "latent-explorer.js");
  const decode = explorer.vaeDecoderOf(data.arrays);
  const colors = digitColors(data);

  // The decoded canvas, sampled at the centre of each of the 28 × 28 cells, against decode(code).
  async function checkImage(what) {
    const code = (await evaluate(`document.querySelector('figure[data-live="latent-explorer"]').dataset.code`)).split(",").map(Number);
    const expected = decode(code);
    const worst = worstDifference(await cellCentres(evaluate, 'figure[data-live="latent-explorer"] canvas.decoded'), expected, colors);
    const inked = expected.filter((value) => value > 0.5).length;
    assert.ok(worst <= 1, `${what}: canvas differs from decode(${code}) by ${worst} levels`);
    assert.ok(inked > 20, `${what}: the decoded image of ${code} is nearly blank (${inked} inked pixels)`);
    return code;
  }

  await checkImage("at the origin");
  const box = await evaluate(`(() => { const r = document.querySelector('figure[data-live="latent-explorer"] canvas.plane').getBoundingClientRect();
    return [r.left, r.top, r.width, r.height]; })()`);
  const [x, y] = [box[0] + box[2] * 0.7, box[1] + box[3] * 0.3];  // right of and above the origin
  for (const type of ["mousePressed", "mouseMoved", "mouseReleased"]) {
    await send("Input.dispatchMouseEvent", { type, x, y, button: "left", buttons: type === "mouseReleased" ? 0 : 1, clickCount: 1 });
  }
  const dragged = await checkImage("after a click on the plane");
  assert.ok(dragged[0] > 0 && dragged[1] > 0, `the click at 70%, 30% gave code ${dragged}`);

  await evaluate(`document.querySelector('figure[data-live="latent-explorer"] canvas.plane').focus()`);
  for (let n = 0; n < 3; n++) await browser.key("ArrowLeft", "ArrowLeft", 37);
  const moved = await checkImage("after three presses of ←");
  assert.ok(moved[0] < dragged[0] && Math.abs(moved[1] - dragged[1]) < 1e-9, `← moved ${dragged} to ${moved}`);
  const readout = await evaluate(`document.querySelector('figure[data-live="latent-explorer"] .readout').textContent`);
  assert.match(readout, /^z = \(-?\d+\.\d\d, -?\d+\.\d\d\) · nearest test images: /);
  // A screen reader hears the decoded digit, politely, once the point rests.
  const spoken = 'document.querySelector(\'figure[data-live="latent-explorer"] [aria-live="polite"]\')';
  await until(evaluate, `${spoken}.textContent.startsWith("Decoded here: a ")`, 5, "the decoded digit is announced");
  assert.ok(!(await evaluate(`${spoken}.textContent`)).includes("z ="), "the announcement leaves the coordinates to the readout");
  assert.deepStrictEqual(problems, [], "console errors");
});

pageTest("the training film's slider shows each epoch's frame, from the keyboard", "training-film.js", async (browser) => {
  const { evaluate } = browser;
  const { selector, data } = await liveFigure(evaluate, "training-film.js");
  const frames = require("../../Sources/PageScripts/training-film.js").filmOf(data);
  assert.strictEqual(await evaluate(`document.querySelector('${selector}').dataset.epoch`), String(frames.epochs), "starts at the last epoch");
  assert.strictEqual(await evaluate(`getComputedStyle(document.querySelector('${selector} .live-fallback')).display`), "none",
    "the static strip gives way to the film it stands in for");
  await evaluate(`document.querySelector('${selector} input[type=range]').focus()`);
  await browser.key("Home", "Home", 36);
  assert.strictEqual(await evaluate(`document.querySelector('${selector}').dataset.epoch`), "1", "Home goes to epoch 1");
  await browser.key("ArrowRight", "ArrowRight", 39);
  assert.strictEqual(await evaluate(`document.querySelector('${selector}').dataset.epoch`), "2");
  // The first image's centre pixel on the canvas against the frame's byte for epoch 2.
  const [paper, pencil] = digitColors(data);
  const red = await evaluate(`(() => { const c = document.querySelector('${selector} canvas');
    return c.getContext("2d").getImageData(22, 22, 1, 1).data[0]; })()`);
  const value = frames.image(2, 0)[Math.floor(22 * frames.side / 44) * frames.side + Math.floor(22 * frames.side / 44)];
  assert.ok(Math.abs(red - Math.round(paper[0] + (pencil[0] - paper[0]) * value)) <= 1, `pixel ${red} for grey-level ${value}`);
  assert.match(await evaluate(`document.querySelector('${selector} output').textContent`), /^after epoch 2 of \d+$/);
  assert.strictEqual(await evaluate(`document.querySelector('${selector} .film-epoch').textContent`), `Epoch 2 of ${frames.epochs}`,
    "the epoch stands above the images");
  assert.deepStrictEqual(await evaluate(`[...document.querySelectorAll('${selector} .film-row-label')].map((label) => label.textContent)`),
    Array.from(data.strings.rows), "each row is named as the run named it");
  assert.match(await evaluate(`document.querySelectorAll('${selector} canvas')[1].getAttribute("aria-label")`),
    new RegExp(`^${data.strings.rows[1]}, after epoch 2 of \\d+$`));
  assert.deepStrictEqual(browser.problems, [], "console errors");
});

pageTest("the token editor redraws the digit from an edited token, and reset restores it", "token-editor.js", async (browser) => {
  const { send, evaluate } = browser;
  const { selector, data } = await liveFigure(evaluate, "token-editor.js");
  const decode = require("../../Sources/PageScripts/vq-decoder.js").decoderOf(data.arrays);
  await evaluate(`document.querySelector('${selector}').scrollIntoView({ block: "start" })`);  // clicks land only on what is on screen
  const tokensNow = async () => (await evaluate(`document.querySelector('${selector}').dataset.tokens`)).split(",").map(Number);
  const original = await tokensNow();
  const click = async (x, y) => {
    for (const type of ["mousePressed", "mouseReleased"]) await send("Input.dispatchMouseEvent", { type, x, y, button: "left", clickCount: 1 });
  };
  const centre = async (inner) => evaluate(`(() => { const r = document.querySelector('${selector} ${inner}').getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2, r.left, r.top, r.width]; })()`);

  // Row 3, column 4 of the grid, then codebook entry 5.
  const [, , left, top, width] = await centre("canvas.decoded");
  await click(left + width * (3.5 / 7), top + width * (2.5 / 7));
  const [x, y] = await centre('button[aria-label="token 5"]');
  await click(x, y);
  const edited = await tokensNow();
  assert.strictEqual(edited[2 * 7 + 3], 5, "the chosen entry went into the clicked cell");
  assert.deepStrictEqual(edited.filter((token, i) => token !== original[i]).length <= 1, true);
  const worst = worstDifference(await cellCentres(evaluate, `${selector} canvas.decoded`), decode(edited), digitColors(data));
  assert.ok(worst <= 1, `the canvas differs from decode(edited tokens) by ${worst} levels`);

  const [resetX, resetY] = await centre("button:not(.token):not([aria-pressed])");
  await click(resetX, resetY);
  assert.deepStrictEqual(await tokensNow(), original, "reset restores the digit's own tokens");
  assert.deepStrictEqual(browser.problems, [], "console errors");
});

pageTest("the patch writer writes 49 tokens for the chosen class and seed, the same ones Node writes", "patch-writer.js", async (browser) => {
  const { evaluate } = browser;
  const { selector, data } = await liveFigure(evaluate, "patch-writer.js");
  const writer = require("../../Sources/PageScripts/patch-writer.js");
  const prior = writer.priorOf(data);
  await evaluate(`(() => { const f = document.querySelector('${selector}');
    f.querySelectorAll(".token-digits button")[3].click();
    f.querySelector("input[type=number]").value = "5";
    [...f.querySelectorAll("button")].find((b) => b.textContent === "generate").click(); })()`);
  const start = Date.now();
  while ((await evaluate(`document.querySelector('${selector}').dataset.done`)) !== "true") {
    assert.ok(Date.now() - start < 30000, "the image was not written within 30 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const tokens = (await evaluate(`document.querySelector('${selector}').dataset.tokens`)).split(",").map(Number);
  assert.deepStrictEqual(tokens, writer.write(prior, 3, 5), "the browser wrote what Node writes for class 3, seed 5");
  assert.match(await evaluate(`document.querySelector('${selector} .readout').textContent`), /^3, seed 5: all 49 tokens written$/);
  assert.deepStrictEqual(browser.problems, [], "console errors");
});
