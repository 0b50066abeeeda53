#!/usr/bin/env python3
"""Lists the longest methods and constructors in the main Java code of this repository.

Usage: scripts/longest-methods.py [-n COUNT] [ROOT]

A method's length is its lines from the line with its name to the line with its closing brace.
It is a heuristic, not a parser: comments, strings, character literals and text blocks are
blanked first, then every '{' whose header (the text since the previous ';', '{' or '}') reads
`name(...)` or `name(...) throws ...` opens a method, unless the name is a keyword (if, for,
while, switch, catch, synchronized, ...) or the header declares a type, a lambda or an
anonymous class. Its body ends at the matching '}'.
"""
import argparse
import pathlib
import re
import sys

KEYWORDS = {"if", "for", "while", "switch", "catch", "synchronized", "try", "do", "else",
            "return", "new", "throw", "assert", "super", "this"}
TYPE_DECL = re.compile(r"\b(class|interface|enum|record)\b")
HEADER = re.compile(r"([A-Za-z_$][\w$]*)\s*\((?:[^()]|\([^()]*\))*\)\s*(?:throws\s+[\w$.,\s<>]+)?$",
                    re.S)


def blank_comments_and_literals(src: str) -> str:
    """Replaces comments and literals by spaces, keeping newlines so line numbers hold."""
    out = []
    i, n = 0, len(src)
    while i < n:
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif src.startswith('"""', i):
            j = src.find('"""', i + 3)
            j = n if j < 0 else j + 3
        elif src[i] in "\"'":
            quote, j = src[i], i + 1
            while j < n and src[j] != quote and src[j] != "\n":
                j += 2 if src[j] == "\\" else 1
            j = min(j + 1, n)
        else:
            out.append(src[i])
            i += 1
            continue
        out.append("".join(c if c == "\n" else " " for c in src[i:j]))
        i = j
    return "".join(out)


def methods(path: pathlib.Path):
    """Yields (name, first line, last line) for every method and constructor in one file."""
    text = blank_comments_and_literals(path.read_text(encoding="utf-8"))
    stack = []  # for every open '{': (name, line) when it opens a method, else None
    header_start = 0
    for pos, ch in enumerate(text):
        if ch == "{":
            header = text[header_start:pos].strip()
            match = HEADER.search(header)
            opened = None
            if (match and match.group(1) not in KEYWORDS and not TYPE_DECL.search(header)
                    and "->" not in header and not re.search(r"\bnew\b", header)
                    and not header.startswith("@interface")):
                name_pos = header_start + text[header_start:pos].find(header) + match.start(1)
                opened = (match.group(1), text.count("\n", 0, name_pos) + 1)
            stack.append(opened)
            header_start = pos + 1
        elif ch == "}":
            opened = stack.pop() if stack else None
            if opened:
                yield opened[0], opened[1], text.count("\n", 0, pos) + 1
            header_start = pos + 1
        elif ch == ";":
            header_start = pos + 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=15, help="how many to list (default 15)")
    parser.add_argument("root", nargs="?", default=".", help="repository root (default .)")
    args = parser.parse_args()
    root = pathlib.Path(args.root)
    found = []
    for path in sorted(root.glob("*/src/main/java/**/*.java")):
        for name, first, last in methods(path):
            found.append((last - first + 1, f"{path.relative_to(root)}:{first}", name))
    found.sort(key=lambda m: (-m[0], m[1]))
    print(f"{'lines':>5}  method  (file:line)")
    for lines, where, name in found[:args.n]:
        print(f"{lines:>5}  {name}  ({where})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
