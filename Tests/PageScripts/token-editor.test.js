// The token editor's VQ-VAE decoder against the Swift decoder, on token grids the Swift test wrote
// (LATENT_FIXTURES; see PageScriptTests.swift).
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const editor = require("../../Sources/PageScripts/token-editor.js");

const folder = process.env.LATENT_FIXTURES;

test("the decoder draws from tokens what the Swift decoder draws, within 1e-4 per pixel", { skip: !folder && "LATENT_FIXTURES not set" }, () => {
  const fixture = JSON.parse(fs.readFileSync(path.join(folder, "token-editor.json"), "utf8"));
  const decode = editor.decoderOf(fixture.arrays);
  let largest = 0;
  fixture.tokens.forEach((tokens, n) => {
    const image = decode(tokens);
    assert.strictEqual(image.length, 784);
    image.forEach((value, i) => { largest = Math.max(largest, Math.abs(value - fixture.images[n][i])); });
  });
  assert.ok(largest <= 1e-4, `largest difference ${largest}`);
  const start = process.hrtime.bigint(), runs = 100;
  for (let n = 0; n < runs; n++) decode(fixture.tokens[n % fixture.tokens.length]);
  const milliseconds = Number(process.hrtime.bigint() - start) / 1e6 / runs;
  console.log(`token editor: largest difference ${largest.toExponential(2)}, one decode ${milliseconds.toFixed(3)} ms`);
  assert.ok(milliseconds < 5, `one decode took ${milliseconds} ms`);
});
