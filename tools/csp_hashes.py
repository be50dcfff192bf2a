#!/usr/bin/env python3
"""Trunk post-build hook: puts the SHA-256 of each inline <script> of the built index.html into
its Content-Security-Policy, in place of the `'inline-script-hashes'` placeholder.

Trunk writes one inline module script (the loader that starts the page's wasm); its text names
the hashed file names of this build, so its hash changes with every build and cannot be written
in index.html by hand. With the hash, the policy allows exactly that script and no other inline
script (no 'unsafe-inline'). Fails the build if the placeholder or the script is missing.
"""
import base64
import hashlib
import os
import re
import sys

PLACEHOLDER = "'inline-script-hashes'"

def main() -> int:
    staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "")
    if not staging:
        print("csp_hashes: TRUNK_STAGING_DIR is not set (run by trunk as a post_build hook)", file=sys.stderr)
        return 1
    path = os.path.join(staging, "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    if not scripts:
        print(f"csp_hashes: no inline script in {path}", file=sys.stderr)
        return 1
    if html.count(PLACEHOLDER) != 1:
        print(f"csp_hashes: expected {PLACEHOLDER} once in the Content-Security-Policy of {path}", file=sys.stderr)
        return 1
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'" for s in scripts
    )
    with open(path, "w", encoding="utf-8") as f:
        f.write(html.replace(PLACEHOLDER, hashes))
    print(f"csp_hashes: {len(scripts)} inline script(s) allowed by hash")
    return 0

if __name__ == "__main__":
    sys.exit(main())
