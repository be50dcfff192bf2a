#!/usr/bin/env python3
"""Trunk post-build hook: splits the app's wasm module into the main module and
chunks loaded on first use (wasm-split), then redoes wasm-bindgen on the main module in place
of Trunk's output; then runs tools/wasm_order.py and tools/csp_hashes.py, in that order (Trunk
runs the hooks of one stage at the same time, and each of them rewrites index.html).

Debug builds are split too (the chunks keep their names): a module with split points does not
run unsplit, its imports from `__wasm_split_placeholder__` are only resolved by the splitter.

Why after Trunk and not inside it: the splitter works on the module as the linker wrote it
(with `--emit-relocs`, see build.rs), before wasm-bindgen; Trunk has no hook between cargo and
wasm-bindgen. So this hook takes cargo's `app.wasm` again and:

1. `wasm-split-cli` (crates.io `wasm_split_cli_support` 0.2.4, feature `build-binary`):
   `<name>.wasm` (the main module), `split_<point>.wasm` / `chunk_<n>.wasm`, and the loader
   `__wasm_split.js`, which imports `initSync` from `./<name>.js` (Trunk's hashed JS name);
2. `wasm-bindgen --target=web --no-typescript --keep-lld-exports` (the arguments Trunk passes,
   plus the lld exports the chunks import from the main module: memory, table, stack pointer,
   shared functions);
3. replaces Trunk's `<name>.js` and `<name>_bg.wasm` in the staging dir, adds the chunks and
   the loader, and updates the integrity hashes in index.html.
"""
import base64
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tool(env: str, name: str) -> str:
    given = os.environ.get(env)
    if given:
        return given
    local = os.path.join(ROOT, "tools", "wasm-split", "bin", name)
    if os.path.exists(local):
        return local
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"wasm_split: {name} is missing (set {env} or put it on PATH)")
    return found


LINK = "__wasm_split.js"  # the splitter's name for the loader module


def sri_of(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def sri(path: str) -> str:
    with open(path, "rb") as f:
        return sri_of(f.read())


def set_integrity(html: str, file_name: str, digest: str) -> str:
    link = re.compile(r'(<link[^>]*href="[^"]*' + re.escape(file_name) + r'"[^>]*integrity=")[^"]*(")')
    html, found = link.subn(lambda m: m.group(1) + digest + m.group(2), html)
    if found != 1:
        raise SystemExit(f"wasm_split: no integrity attribute for {file_name} in index.html")
    return html


def cargo_profile(release: bool) -> str:
    """The cargo profile Trunk built with: index.html's `data-cargo-profile-release` (the
    release-app profile, Cargo.toml) for release builds, `debug` for the others."""
    if not release:
        return "debug"
    with open(os.path.join(ROOT, "index.html"), encoding="utf-8") as f:
        found = re.search(r'data-cargo-profile-release="([^"]+)"', f.read())
    return found.group(1) if found else "release"


def main() -> int:
    # Debug builds are split too: a module with split points cannot run unsplit (its imports
    # from `__wasm_split_placeholder__` are resolved by the splitter only).
    code = split(release=os.environ.get("TRUNK_PROFILE") == "release")
    if code:
        return code
    # Then the other post-build steps, in order: Trunk runs the hooks of one stage at the same
    # time, and each of them rewrites index.html.
    for step in ("wasm_order.py", "csp_hashes.py"):
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", step)], check=True)
    return 0


def split(release: bool) -> int:
    staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "")
    if not staging:
        print("wasm_split: TRUNK_STAGING_DIR is not set (run by trunk as a post_build hook)", file=sys.stderr)
        return 1
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    raw = os.path.join(target, "wasm32-unknown-unknown", cargo_profile(release), "app.wasm")
    modules = glob.glob(os.path.join(staging, "*_bg.wasm"))
    if len(modules) != 1 or not os.path.exists(raw):
        print(f"wasm_split: expected one *_bg.wasm in {staging} and {raw}", file=sys.stderr)
        return 1
    name = os.path.basename(modules[0])[: -len("_bg.wasm")]
    split_cli = tool("WASM_SPLIT_CLI", "wasm-split-cli")
    bindgen = tool("WASM_BINDGEN", "wasm-bindgen")
    with tempfile.TemporaryDirectory(prefix="lantern-split-") as tmp:
        split_dir = os.path.join(tmp, "split")
        bg_dir = os.path.join(tmp, "bindgen")
        verbose = ["--verbose"] if os.environ.get("LANTERN_SPLIT_VERBOSE") == "1" else []
        subprocess.run(
            [split_cli, raw, split_dir, "--target", "web", "--out-name", name, *verbose], check=True
        )
        main_wasm = os.path.join(split_dir, name + ".wasm")
        subprocess.run(
            [bindgen, "--target=web", "--no-typescript", "--keep-lld-exports",
             f"--out-dir={bg_dir}", f"--out-name={name}", main_wasm],
            check=True,
        )
        if os.path.exists(os.path.join(bg_dir, "snippets")):
            print("wasm_split: wasm-bindgen wrote snippets; this hook does not copy them", file=sys.stderr)
            return 1
        shutil.copyfile(os.path.join(bg_dir, name + "_bg.wasm"), os.path.join(staging, name + "_bg.wasm"))
        # The chunks and the loader get content-hashed names (a cached chunk of another build
        # must never meet this main module: its table slots and shared exports would not
        # match), and the loader fetches each chunk with its integrity hash.
        with open(os.path.join(split_dir, LINK), encoding="utf-8") as f:
            link_js = f.read()
        extra = []
        wasm_opt = os.path.join(ROOT, "tools", "wasm-opt", "node_modules", ".bin", "wasm-opt")
        for f in sorted(os.listdir(split_dir)):
            if f in (name + ".wasm", LINK):
                continue
            if not f.endswith(".wasm"):
                print(f"wasm_split: unexpected output {f}", file=sys.stderr)
                return 1
            chunk = os.path.join(split_dir, f)
            if release:
                # The chunks' names stripped, like the main module's (tools/wasm_order.py). No
                # --all-features: binaryen would write the compact-imports encoding, which
                # Chromium refuses ("Invalid import kind 127").
                subprocess.run([wasm_opt, chunk, "-o", chunk, "--strip-debug", "--strip-producers"], check=True)
            with open(chunk, "rb") as c:
                data = c.read()
            hashed = f"{f[: -len('.wasm')]}-{hashlib.sha256(data).hexdigest()[:16]}.wasm"
            with open(os.path.join(staging, hashed), "wb") as c:
                c.write(data)
            fetch = f'fetch(new URL("./{f}", import.meta.url))'
            if link_js.count(fetch) != 1:
                print(f"wasm_split: the loader does not fetch {f} once", file=sys.stderr)
                return 1
            link_js = link_js.replace(fetch, f'fetch(new URL("./{hashed}", import.meta.url), {{ integrity: "{sri_of(data)}" }})')
            extra.append(f"{hashed} {len(data)} B")
        link_name = f"__wasm_split-{hashlib.sha256(link_js.encode()).hexdigest()[:16]}.js"
        with open(os.path.join(staging, link_name), "w", encoding="utf-8") as f:
            f.write(link_js)
        extra.append(f"{link_name} {len(link_js.encode())} B")
        with open(os.path.join(bg_dir, name + ".js"), encoding="utf-8") as f:
            app_js = f.read()
        # One `import * as importN from "./__wasm_split.js"` per split point's loader.
        if app_js.count(f'from "./{LINK}"') < 1:
            print(f"wasm_split: {name}.js does not import ./{LINK}", file=sys.stderr)
            return 1
        with open(os.path.join(staging, name + ".js"), "w", encoding="utf-8") as f:
            f.write(app_js.replace(f'from "./{LINK}"', f'from "./{link_name}"'))
    index = os.path.join(staging, "index.html")
    with open(index, encoding="utf-8") as f:
        html = f.read()
    html = set_integrity(html, name + ".js", sri(os.path.join(staging, name + ".js")))
    html = set_integrity(html, name + "_bg.wasm", sri(os.path.join(staging, name + "_bg.wasm")))
    # The loader module, preloaded with its integrity hash like the app's module.
    public = os.environ.get("TRUNK_PUBLIC_URL", "/")
    preload = (f'<link rel="modulepreload" href="{public}{link_name}" crossorigin="anonymous" '
               f'integrity="{sri(os.path.join(staging, link_name))}">')
    app_link = re.compile(r'<link rel="modulepreload" href="[^"]*' + re.escape(name + ".js") + r'"[^>]*>')
    html, found = app_link.subn(lambda m: m.group(0) + "\n" + preload, html)
    if found != 1:
        print(f"wasm_split: no modulepreload link for {name}.js in index.html", file=sys.stderr)
        return 1
    with open(index, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"wasm_split: main {os.path.getsize(modules[0])} B; added {', '.join(extra) or 'nothing'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
