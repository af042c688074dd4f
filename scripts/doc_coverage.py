#!/usr/bin/env python3
"""Counts the public declarations of each module that have no doc comment, from the symbol graphs
scripts/reference.sh extracts (.build/reference/symbols/<Module>/): the same declarations the DocC
reference shows, so a count of zero means no reference page is left without a sentence.

Usage: scripts/doc_coverage.py [symbols-folder] [--list]   (--list prints each missing one's file:line)
"""
import json
import os
import sys
from urllib.parse import unquote, urlparse


def declarations(path):
    """The module's own public declarations: compiler-synthesised members (Equatable's `!=`, a
    memberwise init of a type from elsewhere) have no source location and are not counted."""
    graph = json.load(open(path))
    for symbol in graph["symbols"]:
        if "location" not in symbol or "::SYNTHESIZED::" in symbol["identifier"]["precise"]:
            continue
        yield symbol


def main():
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    folder = arguments[0] if arguments else ".build/reference/symbols"
    listing = "--list" in sys.argv
    if not os.path.isdir(folder):
        sys.exit(f"doc_coverage: {folder}: no symbol graphs (run scripts/reference.sh first)")
    print(f"{'module':<10} {'public':>6} {'undocumented':>12}")
    total, missing_total = 0, 0
    for module in sorted(os.listdir(folder)):
        path = os.path.join(folder, module, f"{module}.symbols.json")
        if not os.path.exists(path):
            continue
        symbols = list(declarations(path))
        missing = [s for s in symbols if not s.get("docComment")]
        total += len(symbols)
        missing_total += len(missing)
        print(f"{module:<10} {len(symbols):>6} {len(missing):>12}")
        if listing:
            for symbol in sorted(missing, key=lambda s: (s["location"]["uri"], s["location"]["position"]["line"])):
                file = os.path.relpath(unquote(urlparse(symbol["location"]["uri"]).path))
                line = symbol["location"]["position"]["line"] + 1
                print(f"    {file}:{line}: {symbol['kind']['displayName'].lower()} {'.'.join(symbol['pathComponents'])}")
    print(f"{'all':<10} {total:>6} {missing_total:>12}")


main()
