// How the sketch captioner turns a drawing into the image its encoder reads: averaged down from the
// fine canvas, then centred by its ink's centre of mass, as MNIST's digits were.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const { imageOfDrawing } = require("../../Sources/PageScripts/sketch-captioner.js");

test("a drawing is averaged over blocks and moved so its ink's centre of mass is the middle", () => {
  // A 8 × 8 drawing down to 4 × 4: one full block of ink in the top-left corner, half a block beside it.
  const fine = 8, side = 4, alpha = new Uint8Array(fine * fine);
  for (let y = 0; y < 2; y++) for (let x = 0; x < 2; x++) alpha[y * fine + x] = 255;
  alpha[2] = alpha[fine + 2] = 255;
  const image = imageOfDrawing(alpha, fine, side);
  // Mass 1 at (0, 0) and 0.5 at (1, 0): centre (1/3, 0), moved by round(1.5 − 1/3) = 1 and round(1.5) = 2.
  const expected = new Array(side * side).fill(0);
  expected[2 * side + 1] = 1;
  expected[2 * side + 2] = 0.5;
  assert.deepStrictEqual(Array.from(image), expected);
  assert.deepStrictEqual(Array.from(imageOfDrawing(new Uint8Array(fine * fine), fine, side)), new Array(side * side).fill(0), "no ink stays blank");
});
