"""`python -m generator.bench --projects N --months M`: build a synthetic tree of N projects, print one JSON line.

The figures are measured on real work: a full build (load, check, compute, render, MkDocs, site check) of a
seeded content tree. `make bench` runs 52, 500 and 5000 projects and writes BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

from .build import build
from .synthetic import make_content


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(projects: int, months: int, work: Path) -> dict:
    content = make_content(work / "content", projects, months)
    started = time.perf_counter()
    result = build(content, work / "site", work / "docs")
    total = time.perf_counter() - started
    site = result.site
    project_pages = [page for page in (site / "projects").glob("*/index.html")
                     if not page.parent.name.startswith(("by-", "page-"))]
    timings = result.timings
    return {
        "projects": projects,
        "pages": sum(1 for _ in site.rglob("*.html")),
        "load_s": round(timings["load_s"], 2),
        "compute_s": round(timings["compute_s"], 2),
        "render_s": round(timings["render_s"], 2),
        "engine_s": round(timings["engine_s"], 2),
        "check_s": round(timings.get("check_s", 0.0), 2),
        "total_s": round(total, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "site_mb": round(_size(site) / 1e6, 1),
        "max_project_page_kb": round(max(p.stat().st_size for p in project_pages) / 1024, 1),
        "search_index_kb": round((site / "search" / "search_index.json").stat().st_size / 1024),
    }


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    import os

    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}, {platform.system()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.bench", description="省级规模的生成性能测试")
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--months", type=int, default=12, choices=range(1, 13), metavar="1-12")
    parser.add_argument("--keep", type=Path, help="把生成的内容和网站留在这个目录（默认用临时目录）")
    arguments = parser.parse_args(argv)
    if arguments.keep:
        arguments.keep.mkdir(parents=True, exist_ok=False)
        figures = measure(arguments.projects, arguments.months, arguments.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="zdxm-bench-") as work:
            figures = measure(arguments.projects, arguments.months, Path(work))
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
