// The patch writer's transformer against the Swift prior's logits on sequences the Swift test wrote
// (LATENT_FIXTURES; see PageScriptTests.swift), and its seeded writing.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const writer = require("../../Sources/PageScripts/patch-writer.js");

const folder = process.env.LATENT_FIXTURES;

test("the prior's logits are the Swift prior's, within 1e-4", { skip: !folder && "LATENT_FIXTURES not set" }, () => {
  const fixture = JSON.parse(fs.readFileSync(path.join(folder, "patch-writer.json"), "utf8"));
  const logits = writer.priorOf(fixture.arrays, fixture.heads);
  let largest = 0;
  fixture.sequences.forEach((sequence, n) => {
    const computed = logits(sequence);
    assert.strictEqual(computed.length, fixture.logits[n].length);
    computed.forEach((value, i) => { largest = Math.max(largest, Math.abs(value - fixture.logits[n][i])); });
  });
  assert.ok(largest <= 1e-4, `largest difference ${largest}`);
  const start = process.hrtime.bigint();
  const tokens = writer.write(logits, 64, 3, 49, 7);
  const again = writer.write(logits, 64, 3, 49, 7), other = writer.write(logits, 64, 3, 49, 8);
  const milliseconds = Number(process.hrtime.bigint() - start) / 1e6 / 3;
  console.log(`patch writer: largest logit difference ${largest.toExponential(2)}, one image of 49 tokens ${milliseconds.toFixed(0)} ms`);
  assert.strictEqual(tokens.length, 49);
  assert.ok(tokens.every((token) => token >= 0 && token < 64), "only image tokens are written");
  assert.deepStrictEqual(again, tokens, "the same seed writes the same tokens");
  assert.notDeepStrictEqual(other, tokens, "another seed writes other tokens");
});
