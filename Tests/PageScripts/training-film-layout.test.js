// The training film's rows: two even rows for two sets of images, named by the run's row labels.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const film = require("../../Sources/PageScripts/training-film.js");

test("twelve images stand in two named rows of six", () => {
  const layout = film.layoutOf(12, ["decoded from N(0, I)", "test digits, reconstructed"]);
  assert.deepStrictEqual(layout, { columns: 6, rows: 2, names: ["decoded from N(0, I)", "test digits, reconstructed"] });
});

test("row labels that do not match the rows are not shown rather than shown on the wrong row", () => {
  assert.deepStrictEqual(film.layoutOf(12, ["only one"]).names, []);
  assert.deepStrictEqual(film.layoutOf(12, undefined).names, []);
  assert.deepStrictEqual(film.layoutOf(5, ["one row"]), { columns: 5, rows: 1, names: ["one row"] });
});
