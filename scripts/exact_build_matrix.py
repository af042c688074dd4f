#!/usr/bin/env python3
"""Measure what `latent build` runs for each kind of edit, on a built site.

For each row: make the edit, build, record the wall time, which chapter programs ran and how
many models were trained or restored (from the build's log), undo the edit, build again and record
the same. Rows that retrain every model are run for real only with --expensive; otherwise their
`latent build --dry-run` plan is recorded. Restores every edited file even when interrupted.

  python3 scripts/exact_build_matrix.py --latent .build/release/latent [--output output] [--expensive]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build(args, extra=()):
    """Runs `latent build`; returns (seconds, status, log)."""
    started = time.time()
    result = subprocess.run([args.latent, "build", "--output", args.output, *args.build_args, *extra],
                            cwd=ROOT, capture_output=True, text=True)
    return time.time() - started, result.returncode, result.stdout + result.stderr


def summary(log):
    """Programs run, models trained and restored, read off a build's log."""
    ran = re.findall(r"== ([\w-]+): running", log)
    trained = re.findall(r"\[([\w-]+)\] ([\w-]+): training \(checkpoint", log)
    restored = re.findall(r"\[([\w-]+)\] ([\w-]+): restored from checkpoint", log)
    return {"programs run": ran, "models trained": [f"{c}/{m}" for c, m in trained],
            "models restored": len(restored), "compiled": "compiling chapters" in log}


class Edit:
    """Replaces a file's text, remembering the original to put back."""

    def __init__(self, path, change):
        self.path = os.path.join(ROOT, path)
        self.change = change

    def __enter__(self):
        with open(self.path, encoding="utf-8") as f:
            self.original = f.read()
        changed = self.change(self.original)
        assert changed != self.original, f"{self.path}: the edit changes nothing"
        with open(self.path, "w", encoding="utf-8") as f:
            f.write(changed)
        return self

    def undo(self):
        with open(self.path, "w", encoding="utf-8") as f:
            f.write(self.original)

    def __exit__(self, *exc):
        self.undo()


def first_caption(text):
    return text.replace('caption: "', 'caption: "Reworded: ', 1)


def prose_above_live_figure(text):
    index = text.index("chapter.liveFigure(") if "chapter.liveFigure(" in text else text.index("chapter.trainingFilm(")
    line_start = text.rfind("\n", 0, index) + 1
    return text[:line_start] + "//: A paragraph added above the live figure,\n//: two lines long.\n" + text[line_start:]


def append_declaration(text):
    return text + "\nlet exactBuildMatrixEdit = 1\n"


ROWS = [
    ("caption of chapter 1's first figure", "chapters/01-autoencoder/main.swift", first_caption, False),
    ("caption of chapter 5's first figure", "chapters/05-words-and-patches/main.swift", first_caption, False),
    ("the stylesheet", "Sources/Weaver/Stylesheet.swift", lambda t: t.replace("enum Stylesheet {", "enum Stylesheet {\n    // restyled", 1), False),
    ("prose above chapter 2's live figure", "chapters/02-variational-autoencoder/main.swift", prose_above_live_figure, False),
    ("a file in Sources/Captions", "Sources/Captions/Vocabulary.swift", append_declaration, False),
    ("Sources/Models/VQVAE.swift", "Sources/Models/VQVAE.swift", append_declaration, False),
    ("the engine (Sources/Learning/Tensor.swift)", "Sources/Learning/Tensor.swift", append_declaration, True),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--latent", default=".build/release/latent")
    parser.add_argument("--output", default="output")
    parser.add_argument("--expensive", action="store_true", help="also run the rows that retrain every model")
    parser.add_argument("--build-args", nargs="*", default=[], help="more flags for latent build (e.g. --epochs 1)")
    args = parser.parse_args()
    if not shutil.which(args.latent) and not os.path.exists(os.path.join(ROOT, args.latent)):
        sys.exit(f"{args.latent}: no such latent executable (build it with `swift build -c release`)")
    started = time.time()
    seconds, status, log = build(args)
    assert status == 0, log
    results = [{"row": "nothing changed", "seconds": round(seconds, 1), **summary(log)}]
    for name, path, change, expensive in ROWS:
        with Edit(path, change) as edit:
            if expensive and not args.expensive:
                plan = subprocess.run([args.latent, "build", "--dry-run", "--output", args.output, *args.build_args],
                                      cwd=ROOT, capture_output=True, text=True).stdout
                results.append({"row": name, "dry run": plan.strip().splitlines()})
                print(json.dumps(results[-1], indent=1), flush=True)
                continue
            seconds, status, log = build(args)
            results.append({"row": name, "seconds": round(seconds, 1), "status": status, **summary(log)})
            print(json.dumps(results[-1]), flush=True)
            edit.undo()
            seconds, status, log = build(args)
            results.append({"row": "undo: " + name, "seconds": round(seconds, 1), "status": status, **summary(log)})
            print(json.dumps(results[-1]), flush=True)
    results.append({"row": "whole matrix", "seconds": round(time.time() - started, 1)})
    print(json.dumps(results[-1]))


if __name__ == "__main__":
    main()
