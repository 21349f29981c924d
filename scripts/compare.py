#!/usr/bin/env python3
"""Whole-process comparison of essaylint with the tools a user would reach for instead.

Runs each pair of commands interleaved (A, B, A, B, ...) so that both see the same machine, takes
the median wall-clock time of each, and reads each run's peak memory (maximum resident set size of
the process and the children it waited for, from wait4). Prints a Markdown report with the date and
the machine; docs/speed.md holds one.

    cargo build --release
    python3 scripts/compare.py [--runs 30] [--essays ../shared/corpus/essays] > docs/speed.md

or, for the binary as shipped (statically linked; see scripts/build-static.sh):

    python3 scripts/compare.py --essaylint "$(scripts/build-static.sh)"

Needs pandoc, pdftotext (poppler-utils) and soffice (LibreOffice) on the PATH.
"""

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_once(argv):
    """Wall-clock seconds and peak RSS (MiB) of one run, output discarded. posix_spawn, not
    subprocess.Popen, so that the harness adds as little as it can to either side."""
    program = shutil.which(argv[0]) or argv[0]
    actions = [
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ]
    start = time.perf_counter()
    pid = os.posix_spawn(program, [str(a) for a in argv], os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(map(str, argv))} exited with {code}")
    return elapsed, usage.ru_maxrss / 1024


def interleaved(commands, runs, warmup=2):
    """Median seconds and peak MiB of each command, runs interleaved."""
    for argv in commands:
        for _ in range(warmup):
            run_once(argv)
    times = [[] for _ in commands]
    peaks = [0.0 for _ in commands]
    for _ in range(runs):
        for i, argv in enumerate(commands):
            t, rss = run_once(argv)
            times[i].append(t)
            peaks[i] = max(peaks[i], rss)
    return [(statistics.median(t), p) for t, p in zip(times, peaks)]


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}"


def version(argv):
    try:
        run = subprocess.run(argv, capture_output=True, text=True, check=False)
        out = run.stdout or run.stderr  # pdftotext -v answers on standard error
        return out.splitlines()[0].strip() if out else "?"
    except OSError:
        return "missing"


def linking(exe):
    """How the binary is linked: a dynamically linked one names its loader (PT_INTERP) near the
    start of the file."""
    with open(exe, "rb") as f:
        head = f.read(1 << 16)
    if b"ld-linux" in head:
        return "dynamically linked, as `cargo build --release` makes it"
    return "statically linked, as `scripts/build-static.sh` makes it"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--essays", type=Path, default=ROOT.parent / "shared/corpus/essays")
    parser.add_argument("--essaylint", type=Path, default=ROOT / "target/release/essaylint")
    args = parser.parse_args()
    for tool in ("pandoc", "pdftotext", "soffice"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed")
    if not args.essaylint.exists():
        sys.exit("build first: cargo build --release")
    exe = str(args.essaylint)
    essays = args.essays
    docx = sorted(str(p) for p in essays.glob("[abcd]_*.docx"))
    pdf = sorted(str(p) for p in essays.glob("[abcd]_*.pdf"))
    one_page = str(essays / "a_en_480__calibri11.docx")
    two_page = str(essays / "b_en_1000__calibri11.docx")
    one_page_pdf = str(essays / "a_en_480__calibri11.pdf")
    two_page_pdf = str(essays / "b_en_1000__calibri11.pdf")

    rows = []
    (spawn, _), = interleaved([["true"]], args.runs)

    def compare(what, ours, theirs, runs, goal):
        (t_ours, m_ours), (t_theirs, m_theirs) = interleaved([ours, theirs], runs)
        rows.append((what, t_ours, m_ours, theirs[0], t_theirs, m_theirs, t_theirs / t_ours, goal))

    for what, post, path in [
        ("one-page .docx essay", "officer-gps", one_page),
        ("two-page .docx essay", "PASP0150", two_page),
    ]:
        compare(what, [exe, "check", "--post", post, path], ["pandoc", "-t", "plain", path], args.runs, "≥ 20×")
    for what, post, path in [
        ("one-page PDF essay", "officer-gps", one_page_pdf),
        ("two-page PDF essay", "PASP0150", two_page_pdf),
    ]:
        compare(what, [exe, "check", "--post", post, path], ["pdftotext", path, "-"], args.runs, "≥ 1×")
    loop = "; ".join(
        [f"pandoc -t plain '{f}' > /dev/null" for f in docx]
        + [f"pdftotext '{f}' - > /dev/null" for f in pdf]
    )
    compare(
        f"all {len(docx) + len(pdf)} essays ({len(docx)} .docx, {len(pdf)} PDF)",
        [exe, "check", "--format", "json"] + docx + pdf,
        ["sh", "-c", loop],
        max(5, args.runs // 5),
        "≥ 10×",
    )
    with tempfile.TemporaryDirectory() as out:
        compare(
            "pages of a one-page .docx",
            [exe, "check", "--post", "officer-gps", one_page],
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", out, one_page],
            3,
            "",
        )

    print(f"# Speed: essaylint against the tools users reach for\n")
    print(f"Measured {datetime.date.today().isoformat()} on {machine()} by `scripts/compare.py`")
    invoked = " ".join(["python3 scripts/compare.py"] + sys.argv[1:])
    print(f"(`{invoked}`), with essaylint {linking(exe)}.")
    print(
        "Whole processes, output discarded; each pair run interleaved, the median wall-clock time"
    )
    print("of each, and the peak memory (maximum resident set of the process and its children).\n")
    print(
        f"Versions: {version([exe, '--version'])}; {version(['pandoc', '--version'])}; "
        f"{version(['pdftotext', '-v'])}; {version(['soffice', '--version'])}.\n"
    )
    print("| files | essaylint check | peak | other tool | its time | peak | ratio | goal |")
    print("|---|---:|---:|---|---:|---:|---:|---|")
    for what, t_ours, m_ours, tool, t_theirs, m_theirs, ratio, goal in rows:
        print(
            f"| {what} | {ms(t_ours)} | {m_ours:.0f} MiB | `{tool}` | {ms(t_theirs)} | "
            f"{m_theirs:.0f} MiB | {ratio:.1f}× | {goal} |"
        )
    print()
    print(
        f"Starting a process that does nothing (`true`) takes {ms(spawn)} here, the floor under"
    )
    print("every figure above.\n")
    print(
        "`sh` is the other tools file by file in one shell: `pandoc -t plain` for each .docx,"
    )
    print("`pdftotext` for each PDF. essaylint checks the same files in one process.")


if __name__ == "__main__":
    main()
