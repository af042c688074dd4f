#!/usr/bin/env python3
"""Measures what `make site` spends training, in yardsticks: one epoch of pytorch/examples' VAE in
PyTorch with two threads (scripts/pytorch_vae_reference.py), timed in the same sitting.

Machines of this kind differ up to four times in speed and a shared one drifts within minutes, so
each chapter is timed between two yardsticks: a 3-epoch PyTorch run (its median epoch) before and
after it, the chapter's yardstick being the mean of the two. The chapters run in the catalog's order
into a fresh scratch site, as `make site` runs them into an empty one: a model an earlier chapter
trained (the classifier, the VQ-VAE) is restored from its checkpoint, not trained again, so each
model is counted once.

PyTorch is not a project dependency: install it in a throwaway venv and name its python, e.g.
    python3 -m venv /tmp/torch && /tmp/torch/bin/pip install torch
    scripts/site_in_yardsticks.py --python /tmp/torch/bin/python

Run from the repository root after `make build` (uses .build/release/latent, its chapter programs and
data/mnist/). The scratch site is deleted afterwards unless --output names a folder to keep it in.
It takes as long as a fresh `make site` plus about a minute of yardsticks.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from bench_against_pytorch import median_seconds, run_json


def yardstick(python, epochs, threads):
    """The median epoch of a fresh PyTorch VAE run, in seconds."""
    return median_seconds(run_json([python, "scripts/pytorch_vae_reference.py", str(epochs), str(threads), "1"]))


def trained_models(site, slug):
    """(name, seconds) of the models the chapter's run trained rather than restored."""
    with open(os.path.join(site, ".runs", slug, "run.json")) as handle:
        record = json.load(handle)
    return [(training["name"], training["trainingSeconds"]) for training in record["trainings"]
            if not training["loadedFromCheckpoint"]]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--python", required=True, help="a python that has torch installed")
    parser.add_argument("--output", help="build the scratch site here (an empty or new folder) and keep it")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--yardstick-epochs", type=int, default=3)
    options = parser.parse_args()

    if shutil.which(options.python) is None:
        sys.exit(f"--python {options.python}: no such program (it must be a python with torch installed)")
    latent = ".build/release/latent"
    if not os.path.exists(latent):
        sys.exit(f"{latent} is missing: run `make build` first")
    with open("chapters/catalog.json") as handle:
        slugs = [chapter["slug"] for chapter in json.load(handle)["chapters"]]
    if options.output:
        if os.path.exists(options.output) and os.listdir(options.output):
            sys.exit(f"--output {options.output} is not empty: the chapters must train from nothing, as in a fresh make site")
        site = options.output
    else:
        site = tempfile.mkdtemp(prefix="latent-site-")

    try:
        yardsticks = [yardstick(options.python, options.yardstick_epochs, options.threads)]
        rows = []
        for slug in slugs:
            command = [latent, "chapter", slug, "--no-compile", "--output", site, "--threads", str(options.threads)]
            result = subprocess.run(command, capture_output=True, text=True)
            if result.returncode != 0:
                sys.exit(f"{' '.join(command)} failed:\n{result.stderr.strip()[-2000:]}")
            yardsticks.append(yardstick(options.python, options.yardstick_epochs, options.threads))
            models = trained_models(site, slug)
            seconds = sum(model_seconds for _, model_seconds in models)
            chapter_yardstick = (yardsticks[-2] + yardsticks[-1]) / 2
            rows.append((slug, models, seconds, chapter_yardstick))
            print(f"{slug}: {seconds:.1f} s between yardsticks of {yardsticks[-2]:.2f} and {yardsticks[-1]:.2f} s",
                  file=sys.stderr, flush=True)
    finally:
        if not options.output:
            shutil.rmtree(site, ignore_errors=True)

    print("| chapter | models trained | seconds | yardstick (s) | yardsticks |")
    print("| --- | --- | --- | --- | --- |")
    for slug, models, seconds, chapter_yardstick in rows:
        names = ", ".join(name for name, _ in models) or "(none: all restored)"
        print(f"| `{slug}` | {names} | {seconds:.1f} | {chapter_yardstick:.2f} | {seconds / chapter_yardstick:.1f} |")
    total_seconds = sum(seconds for _, _, seconds, _ in rows)
    total_yardsticks = sum(seconds / chapter_yardstick for _, _, seconds, chapter_yardstick in rows)
    print(f"| all | | {total_seconds:.1f} | | {total_yardsticks:.0f} |")
    median = statistics.median(yardsticks)
    print(f"\nThe sitting's {len(yardsticks)} yardsticks: median {median:.2f} s, {min(yardsticks):.2f}–{max(yardsticks):.2f} s; "
          f"against the median the site trains in {total_seconds / median:.0f} yardsticks.")


if __name__ == "__main__":
    main()
