#!/usr/bin/env python3
"""Small seeds for the check and render targets: every shipped ordinance cut into files of its
header, its declarations (soort, feit, oordeel, begrip, definitie) and one top-level item (an
artikel, hoofdstuk, invulling …). A whole ordinance is 20 to 100 KB and takes milliseconds to
check even natively; libFuzzer spends its time where its inputs are small, so the seeds that
matter for speed are the small ones (docs/design.md, "Fuzzing fast enough to matter").

usage: split.py OUT_DIR PREFIX FILE.vo ..."""
import os
import sys

DECLARATIONS = ("soort ", "feit ", "oordeel ", "begrip ", "definitie ", "parameter ")


def chunks(lines):
    """The top-level chunks of a .vo text: a chunk starts at a line that begins with a letter
    (in column 0); the comment lines directly above it belong to it."""
    out, pending = [], []
    for line in lines:
        if line[:1].isalpha():
            out.append(pending + [line])
            pending = []
        elif line.startswith("#"):
            pending.append(line)
        else:
            if out:
                out[-1].extend(pending)
                out[-1].append(line)
            pending = []
    return out


def main():
    out_dir, prefix, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(out_dir, exist_ok=True)
    n = 0
    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                lines = f.readlines()
        except UnicodeDecodeError:
            continue  # a fixture of bad encodings: the whole-file seeds keep it
        parts = chunks(lines)
        if not parts:
            continue
        header, rest = parts[0], parts[1:]
        decls = [c for c in rest if any(l.startswith(DECLARATIONS) for l in c if l[:1] != "#")
                 and not any(l.startswith(("artikel ", "hoofdstuk ", "paragraaf ")) for l in c)]
        items = [c for c in rest if c not in decls]
        declared = "".join("".join(c) for c in decls)
        for item in items:
            n += 1
            text = "".join(header) + declared + "".join(item)
            with open(os.path.join(out_dir, f"{prefix}-{n}"), "w", encoding="utf-8") as f:
                f.write(text)
    print(f"{n} kleine startbestanden in {out_dir}")


main()
