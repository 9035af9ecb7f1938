#!/usr/bin/env python3
"""One version number for every cxkit package.

    python3 scripts/version.py            print the version and check that every file agrees
    python3 scripts/version.py --print    print the version only
    python3 scripts/version.py --self-test  bump a scratch copy and check what changed
    python3 scripts/version.py 0.2.0      set it everywhere (what `make version V=0.2.0` runs)

The workspace Cargo.toml holds the number (`[workspace.package] version`); the Rust crates
inherit it and the Python wheel takes it from cx-python's Cargo.toml (pyproject.toml declares
the version dynamic). The npm manifests, cx-node's lockfile and its napi-generated loader, the
`cx-core` entry of `[workspace.dependencies]` and Cargo.lock carry copies, rewritten here in
place so nothing else in those files changes. Setting a version also opens its section in
CHANGELOG.md under `[Unreleased]`. The root package.json is private test tooling and has no
version. Standard library only: runs before any venv exists.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")


def workspace_version() -> str:
    """The version in the root Cargo.toml."""
    doc = tomllib.loads((ROOT / "Cargo.toml").read_text())
    return str(doc["workspace"]["package"]["version"])


def workspace_members() -> list[str]:
    """Package names of the workspace members (each member's Cargo.toml `name`)."""
    doc = tomllib.loads((ROOT / "Cargo.toml").read_text())
    names = []
    for member in doc["workspace"]["members"]:
        manifest = tomllib.loads((ROOT / member / "Cargo.toml").read_text())
        names.append(str(manifest["package"]["name"]))
    return names


def npm_manifests() -> list[Path]:
    """Every tracked package.json of the published npm packages (cx-node, cx-wasm and any
    per-platform package beneath them), outside node_modules."""
    out = subprocess.run(
        ["git", "ls-files", "--", "cx-node", "cx-wasm"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split()
    return sorted(
        ROOT / p for p in out if p.endswith("package.json") and "node_modules" not in p
    )


def found(path: Path, what: str, values: list[str]) -> list[tuple[str, str]]:
    """Labels each value found in `path` for the report."""
    rel = path.relative_to(ROOT)
    return [(f"{rel}: {what}", v) for v in values]


def collect() -> list[tuple[str, str]]:
    """Every (place, version) pair that must equal the workspace version."""
    items: list[tuple[str, str]] = [("Cargo.toml: [workspace.package] version", workspace_version())]
    root = tomllib.loads((ROOT / "Cargo.toml").read_text())
    for name, dep in root["workspace"].get("dependencies", {}).items():
        if isinstance(dep, dict) and "path" in dep and "version" in dep:
            items.append((f"Cargo.toml: [workspace.dependencies] {name}", str(dep["version"])))
    for member in root["workspace"]["members"]:
        pkg = tomllib.loads((ROOT / member / "Cargo.toml").read_text())["package"]
        if pkg.get("version") != {"workspace": True}:
            items.append((f"{member}/Cargo.toml: version (not inherited)", str(pkg.get("version"))))
    members = set(workspace_members())
    lock = tomllib.loads((ROOT / "Cargo.lock").read_text())
    for pkg in lock["package"]:
        if pkg["name"] in members and "source" not in pkg:
            items.append((f"Cargo.lock: {pkg['name']}", str(pkg["version"])))
    pyproject = tomllib.loads((ROOT / "cx-python" / "pyproject.toml").read_text())
    project = pyproject["project"]
    if "version" in project:
        items.append(("cx-python/pyproject.toml: version", str(project["version"])))
    elif "version" not in project.get("dynamic", []):
        items.append(("cx-python/pyproject.toml: neither version nor dynamic version", "missing"))
    for path in npm_manifests():
        doc = json.loads(path.read_text())
        items += found(path, "version", [str(doc.get("version", "missing"))])
        for dep, spec in doc.get("optionalDependencies", {}).items():
            if dep.startswith("cxkit-"):
                items += found(path, f"optionalDependencies {dep}", [str(spec)])
    lockfile = ROOT / "cx-node" / "package-lock.json"
    if lockfile.exists():
        doc = json.loads(lockfile.read_text())
        items += found(lockfile, "version", [str(doc.get("version"))])
        items += found(lockfile, 'packages[""].version', [str(doc["packages"][""].get("version"))])
    loader = ROOT / "cx-node" / "index.js"
    if loader.exists():
        pinned = re.findall(r"expected (\S+) but got", loader.read_text())
        items += found(loader, "binding version checks", sorted(set(pinned)))
    return items


def rewrite(path: Path, pattern: str, new: str, *, count: int = 0, required: bool = True) -> None:
    """Replaces group 2 of every match of `pattern` (groups 1 and 3 kept) with `new`."""
    text = path.read_text()
    updated, n = re.subn(pattern, lambda m: m.group(1) + new + m.group(3), text,
                         count=count, flags=re.MULTILINE)
    if n == 0 and required:
        sys.exit(f"version.py: no version found in {path.relative_to(ROOT)} ({pattern!r})")
    if updated != text:
        path.write_text(updated)


def set_version(new: str) -> None:
    """Writes `new` into every file that carries the version."""
    cargo = ROOT / "Cargo.toml"
    text = cargo.read_text()
    start = text.index("[workspace.package]")
    end = text.find("\n[", start + 1)
    end = len(text) if end < 0 else end
    section = re.sub(r'^(version\s*=\s*")[^"]*(")', lambda m: m.group(1) + new + m.group(2),
                     text[start:end], count=1, flags=re.MULTILINE)
    cargo.write_text(text[:start] + section + text[end:])
    rewrite(cargo, r'^(cx-[\w-]+\s*=\s*\{[^}\n]*\bversion\s*=\s*")([^"]*)(")', new, required=False)
    names = "|".join(re.escape(n) for n in workspace_members())
    rewrite(ROOT / "Cargo.lock",
            rf'^(\[\[package\]\]\nname = "(?:{names})"\nversion = ")([^"]*)("\n(?!source))', new)
    for path in npm_manifests():
        # The first "version" key is the package's own (npm writes it near the top).
        rewrite(path, r'^(\s*"version"\s*:\s*")([^"]*)(")', new, count=1)
        rewrite(path, r'^(\s*"cxkit-[\w-]+"\s*:\s*")([^"]*)(")', new, required=False)
    lockfile = ROOT / "cx-node" / "package-lock.json"
    if lockfile.exists():
        # The lockfile's own version, then packages[""]'s: the first two "version" keys.
        rewrite(lockfile, r'^(\s*"version"\s*:\s*")([^"]*)(")', new, count=2)
    loader = ROOT / "cx-node" / "index.js"
    if loader.exists():
        rewrite(loader, r"(expected )(\S+)( but got)", new, required=False)
    open_changelog_section(new)


def open_changelog_section(new: str) -> None:
    """Adds `## [new] - today` under `## [Unreleased]` unless CHANGELOG.md has it already:
    what was unreleased is now in `new`, and the next changes go above it."""
    path = ROOT / "CHANGELOG.md"
    text = path.read_text()
    if re.search(rf"^## \[{re.escape(new)}\]", text, flags=re.MULTILINE):
        return
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    marker = "## [Unreleased]\n"
    if marker not in text:
        sys.exit("version.py: CHANGELOG.md has no '## [Unreleased]' section")
    path.write_text(text.replace(marker, f"{marker}\n## [{new}] - {today}\n", 1))


def check() -> int:
    """Prints the version; returns 1 and names each file that disagrees."""
    want = workspace_version()
    wrong = [(place, v) for place, v in collect() if v != want]
    for place, v in wrong:
        print(f"version mismatch: {place} is {v!r}, the workspace is {want!r}", file=sys.stderr)
    if wrong:
        print("run `make version V=<version>` to set one version everywhere", file=sys.stderr)
        return 1
    print(f"cxkit {want}: every package agrees")
    return 0


def self_test() -> int:
    """Sets a new version in a scratch copy of the versioned files and checks the result:
    the copy agrees with itself, and every changed line differs from the original only by the
    version (the CHANGELOG gains its heading). Returns 1 on any other change."""
    old, new = workspace_version(), "9.8.7-selftest.1"
    files = subprocess.run(
        ["git", "ls-files", "--", "Cargo.toml", "*/Cargo.toml", "Cargo.lock", "CHANGELOG.md",
         "cx-python/pyproject.toml", "cx-node/index.js", "cx-node/package-lock.json",
         "scripts/version.py", "*package.json"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        for rel in files:
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, copy / rel)
        subprocess.run(["git", "init", "-q"], cwd=copy, check=True)
        subprocess.run(["git", "add", "-A"], cwd=copy, check=True)
        run = subprocess.run([sys.executable, str(copy / "scripts" / "version.py"), new],
                             cwd=copy, capture_output=True, text=True)
        now = subprocess.run([sys.executable, str(copy / "scripts" / "version.py"), "--print"],
                             cwd=copy, capture_output=True, text=True).stdout.strip()
        if run.returncode != 0 or now != new:
            print(run.stdout + run.stderr, file=sys.stderr)
            print(f"version.py --self-test: the copy is at {now!r}, not {new!r}", file=sys.stderr)
            return 1
        bad = []
        for rel in files:
            before = (ROOT / rel).read_text().splitlines()
            after = (copy / rel).read_text().splitlines()
            removed = [ln[1:] for ln in difflib.unified_diff(before, after, n=0, lineterm="")
                       if ln.startswith("-") and not ln.startswith("---")]
            added = [ln[1:] for ln in difflib.unified_diff(before, after, n=0, lineterm="")
                     if ln.startswith("+") and not ln.startswith("+++")]
            if rel == "CHANGELOG.md":
                added = [ln for ln in added if ln not in ("", f"## [{new}] - "
                         + datetime.datetime.now(datetime.timezone.utc).date().isoformat())]
            if added != [ln.replace(old, new) for ln in removed]:
                bad.append(rel)
        if bad:
            print(f"version.py --self-test: unexpected changes in {', '.join(bad)}", file=sys.stderr)
            return 1
    print(f"version.py --self-test: {old} -> {new} rewrote only version strings")
    return 0


def main(argv: list[str]) -> int:
    """Entry point: no argument checks, `--print` prints, `--self-test` tests a bump, a
    version sets it."""
    if not argv:
        return check()
    if argv == ["--print"]:
        print(workspace_version())
        return 0
    if argv == ["--self-test"]:
        return self_test()
    if len(argv) != 1 or not SEMVER.match(argv[0]):
        print(__doc__, file=sys.stderr)
        print(f"expected one SemVer version such as 0.2.0, got {argv!r}", file=sys.stderr)
        return 2
    set_version(argv[0])
    return check()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
