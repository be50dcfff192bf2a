#!/usr/bin/env python3
"""Trunk post-build hook (release builds): sorts the functions of the page's wasm module by
their symbol names, strips the names, and updates the module's integrity hash in index.html
(and merges byte-identical functions, which changes no function's code).

Why: gzip finds repeats only within 32 KB, and the linker leaves related functions far apart.
Sorted by their v0 symbol names (`.cargo/config.toml`: the full path with generic arguments),
the copies of one generic function and the functions of one module sit side by side, and the
gzip download is ~60 KB smaller; no instruction changes, so neither does the speed. (wasm-opt's
-O levels, which Trunk's own wasm-opt step always adds, made W1 ~11 % slower, and -Oz makes the
gzip bigger.) wasm-opt is npm's binaryen 132 in tools/wasm-opt (tools/setup.sh installs it).
"""
import base64
import glob
import hashlib
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WASM_OPT = os.path.join(ROOT, "tools", "wasm-opt", "node_modules", ".bin", "wasm-opt")


def order(wasm: str) -> list:
    """Sorts the functions of `wasm` by name and strips the names (in place); the strip flags."""
    # LANTERN_KEEP_NAMES=1 keeps the symbol names (for profiling in the browser; a bigger file).
    # (wasm-opt drops the name section unless told to keep debug information: `-g`.)
    strip = ["-g"] if os.environ.get("LANTERN_KEEP_NAMES") == "1" else ["--strip-debug", "--strip-producers"]
    subprocess.run(
        # Merging identical functions can make their callers identical: three rounds.
        [WASM_OPT, wasm, "-o", wasm, *["--duplicate-function-elimination"] * 3, "--reorder-functions-by-name", *strip],
        check=True,
    )
    return strip


def main() -> int:
    if os.environ.get("TRUNK_PROFILE") != "release":
        return 0
    staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "")
    if not staging:
        print("wasm_order: TRUNK_STAGING_DIR is not set (run by trunk as a post_build hook)", file=sys.stderr)
        return 1
    if not os.path.exists(WASM_OPT):
        print(f"wasm_order: {WASM_OPT} is missing: run `bash tools/setup.sh`", file=sys.stderr)
        return 1
    modules = glob.glob(os.path.join(staging, "*_bg.wasm"))
    if len(modules) != 1:
        print(f"wasm_order: expected one *_bg.wasm in {staging}, found {len(modules)}", file=sys.stderr)
        return 1
    wasm = modules[0]
    before = os.path.getsize(wasm)
    strip = order(wasm)
    # The web predictor's runtime (index.html: dist/predictor/), never loaded by the page: the
    # same treatment, no integrity hash to update.
    for runtime in glob.glob(os.path.join(staging, "predictor", "*_bg.wasm")):
        size = os.path.getsize(runtime)
        order(runtime)
        print(f"wasm_order: {os.path.basename(runtime)}: {size} -> {os.path.getsize(runtime)} bytes")
    with open(wasm, "rb") as f:
        digest = "sha384-" + base64.b64encode(hashlib.sha384(f.read()).digest()).decode()
    index = os.path.join(staging, "index.html")
    with open(index, encoding="utf-8") as f:
        html = f.read()
    name = re.escape(os.path.basename(wasm))
    link = re.compile(r'(<link[^>]*href="[^"]*' + name + r'"[^>]*integrity=")[^"]*(")')
    html, found = link.subn(lambda m: m.group(1) + digest + m.group(2), html)
    if found != 1:
        print(f"wasm_order: no integrity attribute for {os.path.basename(wasm)} in {index}", file=sys.stderr)
        return 1
    with open(index, "w", encoding="utf-8") as f:
        f.write(html)
    kept = "kept" if strip == ["-g"] else "stripped"
    print(f"wasm_order: functions sorted by name, names {kept}: {before} -> {os.path.getsize(wasm)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
