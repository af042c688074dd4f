// The patch writer's transformer against the Swift prior's logits on sequences the Swift test wrote
// (LATENT_FIXTURES; see PageScriptTests.swift), its KV cache against the whole-sequence pass, and
// its seeded writing, and the next-token probabilities the page lists against Swift's.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const { skipWithoutFixtures, readFixture, largestDifference, millisecondsPerRun } = require("./fixtures.js");
const writer = require("../../Sources/PageScripts/patch-writer.js");
const { transformerOf } = require("../../Sources/PageScripts/transformer.js");
const sampling = require("../../Sources/PageScripts/sampling.js");

// The prior of a fixture, as patch-writer.js builds it from a page's data.
function priorOfFixture(fixture) {
  return writer.priorOf({ arrays: { ...fixture.arrays, heads: { shape: [1], uint8: Buffer.from([fixture.heads]).toString("base64") } } });
}

// The next-token logits after each prefix of `sequence`, one token at a time through the KV cache.
function cachedLogits(model, sequence) {
  const session = model.start(), all = [];
  for (const token of sequence) all.push(...session.push([token]));
  return all;
}

test("the prior's logits are the Swift prior's, within 1e-4, with and without the KV cache", { skip: skipWithoutFixtures }, () => {
  const fixture = readFixture("patch-writer.json"), { model } = priorOfFixture(fixture);
  const whole = largestDifference(fixture.sequences, fixture.logits, (sequence) => model.logits(sequence));
  const cached = largestDifference(fixture.sequences, fixture.logits, (sequence) => cachedLogits(model, sequence));
  console.log(`patch writer: largest logit difference ${whole.toExponential(2)} in one pass, ${cached.toExponential(2)} through the cache`);
  assert.ok(whole <= 1e-4 && cached <= 1e-4, `largest differences ${whole}, ${cached}`);
  const sequence = fixture.sequences[0];
  assert.deepStrictEqual(cachedLogits(model, sequence), Array.from(model.logits(sequence)), "the cache gives the same numbers as one pass");
});

test("the next token's listed probabilities are the Swift prior's, within 1e-6, and the writer draws from them", { skip: skipWithoutFixtures }, () => {
  const fixture = readFixture("patch-writer.json"), prior = priorOfFixture(fixture);
  let largest = 0;
  fixture.written.forEach((written, n) => {
    const expected = fixture.probabilities[n];
    // The model fed the same tokens through its cache; every probability against Swift's.
    const fresh = writer.writerFor(prior, fixture.label, 0);
    const session = prior.model.start();
    let logits = session.push([prior.imageCodes + fixture.label]);
    for (const token of written) logits = session.push([token]);
    const all = writer.topChoices(logits, sampling.range(prior.imageCodes), prior.imageCodes);
    assert.strictEqual(all.length, expected.length);
    assert.ok(Math.abs(all.reduce((sum, choice) => sum + choice.probability, 0) - 1) < 1e-9, "the probabilities sum to 1");
    for (const { token, probability } of all) largest = Math.max(largest, Math.abs(probability - expected[token]));
    const top = writer.topChoices(logits, sampling.range(prior.imageCodes), 5);
    const swiftTop = expected.map((probability, token) => ({ token, probability })).sort((a, b) => b.probability - a.probability || a.token - b.token);
    assert.deepStrictEqual(top.map((choice) => choice.token), swiftTop.slice(0, 5).map((choice) => choice.token), `top five after ${written.length} tokens`);
    if (written.length === 0) assert.deepStrictEqual(fresh.predictions(5), top, "the writer lists the same before its first token");
  });
  console.log(`patch writer: largest next-token probability difference ${largest.toExponential(2)}`);
  assert.ok(largest <= 1e-6, `largest difference ${largest}`);
});

test("writing with the KV cache writes the tokens that recomputing the prefix writes", { skip: skipWithoutFixtures }, () => {
  const prior = priorOfFixture(readFixture("patch-writer.json")), allowed = sampling.range(prior.imageCodes);
  // Without a cache: the whole sequence so far through the model for every token, as before.
  function writeRecomputing(label, seed) {
    const uniform = sampling.generatorOf(seed), sequence = [prior.imageCodes + label];
    while (sequence.length <= prior.model.positions) {
      const logits = prior.model.logits(sequence), last = logits.subarray((sequence.length - 1) * prior.model.vocabulary);
      sequence.push(sampling.sample(last, allowed, uniform));
    }
    return sequence.slice(1);
  }
  let cachedMilliseconds = 0, recomputingMilliseconds = 0;
  for (const [label, seed] of [[3, 7], [0, 1], [9, 12345]]) {
    let cached, recomputed;
    cachedMilliseconds += millisecondsPerRun(1, () => { cached = writer.write(prior, label, seed); });
    recomputingMilliseconds += millisecondsPerRun(1, () => { recomputed = writeRecomputing(label, seed); });
    assert.strictEqual(cached.length, 49);
    assert.deepStrictEqual(cached, recomputed, `class ${label}, seed ${seed}`);
  }
  console.log(`patch writer: one image of 49 tokens ${(cachedMilliseconds / 3).toFixed(0)} ms with the KV cache, ${(recomputingMilliseconds / 3).toFixed(0)} ms recomputing the prefix`);
  const tokens = writer.write(prior, 3, 7);
  assert.ok(tokens.every((token) => token >= 0 && token < 64), "only image tokens are written");
  assert.deepStrictEqual(writer.write(prior, 3, 7), tokens, "the same seed writes the same tokens");
  assert.notDeepStrictEqual(writer.write(prior, 3, 8), tokens, "another seed writes other tokens");
});
