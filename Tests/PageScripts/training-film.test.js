// The training film's frames: epochs × images × pixels bytes, read back image by image.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const film = require("../../Sources/PageScripts/training-film.js");

test("frames are read as epoch, image, pixel, grey-levels in [0, 1]", () => {
  // 2 epochs × 3 images × 4 pixels; byte value = 100·epoch + 10·image + pixel.
  const bytes = [];
  for (let epoch = 1; epoch <= 2; epoch++) for (let image = 0; image < 3; image++) for (let pixel = 0; pixel < 4; pixel++) bytes.push(100 * epoch + 10 * image + pixel);
  const read = film.filmOf({ arrays: { frames: { shape: [2, 3, 4], uint8: Buffer.from(bytes).toString("base64") } } });
  assert.strictEqual(read.epochs, 2);
  assert.strictEqual(read.side, 2);
  assert.deepStrictEqual(read.image(2, 1).map((value) => Math.round(value * 255)), [210, 211, 212, 213]);
  assert.deepStrictEqual(read.image(1, 0).map((value) => Math.round(value * 255)), [100, 101, 102, 103]);
});
