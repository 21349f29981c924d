#!/usr/bin/env python3
"""Diffs the JSON reports of two essaylint binaries over every file of the corpus and fixtures.

A refactor proves itself by changing no report. This runs `check --format json` with each binary
on every file under ../shared/corpus and fixtures/ (the hostile ones too), once with no post and
once for each of `--post officer-gps` and `--post PASP0150`, drops `tool.version` (the one field a
new build may change), and prints every report that differs, field by field.

    scripts/diff-reports.py OLD_BINARY NEW_BINARY [--save DIR]

Prints how many files and reports it compared and exits 1 when any report differs. `--save DIR`
also writes each report pair (old and new) to DIR for a closer look.
"""

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POSTS = [None, "officer-gps", "PASP0150"]


def files():
    out = []
    for top in [os.path.join(ROOT, "..", "shared", "corpus"), os.path.join(ROOT, "fixtures")]:
        for folder, _, names in os.walk(top):
            for name in names:
                if name.endswith((".md", ".json", ".toml")) and "hostile" not in folder:
                    continue
                out.append(os.path.normpath(os.path.join(folder, name)))
    return sorted(out)


def report(binary, path, post):
    args = [binary, "check", "--format", "json"]
    if post:
        args += ["--post", post]
    args.append(path)
    run = subprocess.run(args, capture_output=True, timeout=120)
    try:
        value = json.loads(run.stdout)
    except ValueError:
        return {"exit": run.returncode, "stdout": run.stdout.decode("utf-8", "replace")[:2000]}
    value.get("tool", {}).pop("version", None)
    return {"exit": run.returncode, "report": value}


def differences(old, new, where=""):
    if type(old) is not type(new):
        return [f"{where or '.'}: {json.dumps(old)[:200]} -> {json.dumps(new)[:200]}"]
    if isinstance(old, dict):
        out = []
        for key in sorted(set(old) | set(new)):
            out += differences(old.get(key), new.get(key), f"{where}.{key}")
        return out
    if isinstance(old, list):
        out = []
        for i in range(max(len(old), len(new))):
            a = old[i] if i < len(old) else None
            b = new[i] if i < len(new) else None
            out += differences(a, b, f"{where}[{i}]")
        return out
    return [] if old == new else [f"{where}: {json.dumps(old)[:200]} -> {json.dumps(new)[:200]}"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--save")
    args = parser.parse_args()
    jobs = [(path, post) for path in files() for post in POSTS]

    def both(job):
        path, post = job
        return job, report(args.old, path, post), report(args.new, path, post)

    changed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for (path, post), old, new in pool.map(both, jobs):
            diff = differences(old, new)
            if args.save:
                name = os.path.relpath(path, os.path.join(ROOT, "..")).replace("/", "__")
                with open(os.path.join(args.save, f"{name}.{post or 'none'}.json"), "w") as out:
                    json.dump({"old": old, "new": new}, out, indent=1)
            if diff:
                changed += 1
                print(f"{os.path.relpath(path, ROOT)} (post {post or 'none'}):")
                for line in diff:
                    print(f"  {line}")
    print(f"{len(jobs) // len(POSTS)} files, {len(jobs)} reports compared; {changed} differ")
    sys.exit(1 if changed else 0)


if __name__ == "__main__":
    main()
