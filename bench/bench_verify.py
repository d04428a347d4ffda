"""Time and memory of the independent verifier on construction certificates, 1 vs N processes.

Usage: ``python bench/bench_verify.py [--big] [--jobs 1,2] [--dir DIR]``. Prints one JSON line
per measurement. Each certificate is written once (streamed, ``--no-verify``), then each
verification runs in a fresh process so its peak memory is its own: ``parent_peak_mb`` is the
verifying process, ``workers_peak_mb`` the largest pool worker (``ru_maxrss`` of its children;
pages shared with the parent by fork count in both).

Sizes: construction(2, 4, 4, 2) (4,096 cells), construction(2, 9, 4, 2) (104,976 cells) and,
with ``--big``, construction(2, 4, 4, 3) (262,144 cells, a 170 MB certificate).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = {"4096": (2, 4, 4, 2), "104976": (2, 9, 4, 2), "262144": (2, 4, 4, 3)}

_CHILD = """
import json, resource, sys, time
from polyexact.verify.verifier import verify_certificate
start = time.perf_counter()
report = verify_certificate(sys.argv[1], jobs=int(sys.argv[2]))
seconds = time.perf_counter() - start
print(json.dumps({"valid": report.valid, "reason": report.reason, "seconds": round(seconds, 2),
                  "parent_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                  "workers_peak_mb":
                      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024}))
"""


def _certificate(directory: Path, size: str) -> Path:
    from polyexact.models.builders import construction
    from polyexact.models.load import write_model

    cert = directory / f"c{size}.cert.json"
    if not cert.exists():
        model = write_model(construction(*SIZES[size]), directory / f"c{size}.json")
        subprocess.run([sys.executable, "-m", "polyexact", "count", str(model), "--certificate",
                        str(cert), "--no-verify", "--json"], check=True, capture_output=True)
    return cert


def main() -> None:
    """Run the benchmark and print one JSON line per measurement."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--big", action="store_true", help="also the 262,144-cell certificate")
    parser.add_argument("--jobs", default="1,2", help="comma-separated process counts")
    parser.add_argument("--dir", default=None, help="where certificates are kept (reused)")
    args = parser.parse_args()
    directory = Path(args.dir or tempfile.mkdtemp())
    directory.mkdir(parents=True, exist_ok=True)
    sizes = ["4096", "104976"] + (["262144"] if args.big else [])
    for size in sizes:
        cert = _certificate(directory, size)
        for jobs in (int(j) for j in args.jobs.split(",")):
            wall = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", _CHILD, str(cert), str(jobs)],
                                 check=True, capture_output=True, text=True).stdout
            result = json.loads(out)
            result.update(cells=int(size), jobs=jobs, certificate_mb=cert.stat().st_size >> 20,
                          wall=round(time.perf_counter() - wall, 2))
            print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
