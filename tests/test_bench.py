"""The benchmark's report judges each budget on the figures it printed, the largest size on its medians."""

from __future__ import annotations

from generator.bench import measure


def _run(projects: int, generator_s: float, total_s: float, **figures: float) -> dict:
    third = generator_s / 3
    return {"projects": projects, "pages": projects * 2, "load_s": third, "compute_s": third, "render_s": third,
            "engine_s": total_s - generator_s, "check_s": 0.0, "static_s": 0.0, "total_s": total_s,
            "peak_pss_mb": 700, "peak_rss_mb": 900, "site_mb": 1.0, "max_project_page_kb": 30.0, "search_index_kb": 100,
            "anchor_s": total_s / 2, "ratio": 2.0, "anchor_page_kb": 2.7, **figures}


def test_the_largest_size_is_judged_on_its_medians_and_every_run_is_shown():
    sample = _run(52, 0.5, 5.0)
    runs = [_run(52, 0.5, 6.0), _run(500, 2.0, 20.0),
            _run(5000, 14.0, 100.0), _run(5000, 8.0, 100.0, peak_pss_mb=3500), _run(5000, 9.0, 100.0)]
    text = measure.report(sample, 6.0, runs)
    rows = [line for line in text.splitlines() if line.startswith("| 5000 |")]
    assert [row.rsplit("|", 2)[-2].strip() for row in rows] == ["14.0%", "8.0%", "9.0%"]
    assert "| 5000 个项目（3 次的中位数）：生成器各阶段 < 总时间的 10% | 9.0 s，占 9.0% | 达标 |" in text
    assert "| 5000 个项目（3 次的中位数）：峰值内存 ≤ 1.5 GB（同一时刻各进程 PSS 之和） | 700 MB（各进程峰值 RSS 相加的上限：900 MB） | 达标 |" in text
    # 5000 at 100 s is 0.02 s a project, 500 at 20 s is 0.04 s: linear
    assert "| 线性增长：每个项目的耗时 5000 个时不超过 500 个时的 1.3 倍 | 0.50 倍 | 达标 |" in text


def test_a_budget_missed_by_the_median_is_reported_missed():
    runs = [_run(500, 2.0, 20.0), _run(5000, 12.0, 100.0), _run(5000, 11.0, 100.0), _run(5000, 9.0, 100.0)]
    text = measure.report(_run(52, 1.2, 5.0), 13.0, runs)
    assert "| 5000 个项目（3 次的中位数）：生成器各阶段 < 总时间的 10% | 11.0 s，占 11.0% | **未达标** |" in text
    assert "| 示例数据：生成器各阶段合计 < 1 s | 1.20 s | **未达标** |" in text
    assert "| 示例数据：`make site`（环境已装好）< 12 s | 13.0 s | **未达标** |" in text


def test_the_ratio_to_the_plain_site_is_the_median_total_over_the_median_plain_build():
    runs = [_run(500, 2.0, 20.0), _run(5000, 8.0, 100.0, anchor_s=80.0), _run(5000, 8.0, 70.0, anchor_s=40.0),
            _run(5000, 8.0, 60.0, anchor_s=50.0, peak_pss_mb=1600)]
    text = measure.report(_run(52, 0.5, 5.0), 6.0, runs)
    # medians: total 70 s, plain site 50 s (not the median of the three ratios, 1.25, 1.75, 1.2)
    assert "| 5000 个项目（3 次的中位数）：不超过同样项目的朴素 mkdocs-material 网站的 1.5 倍 | 70.0 s ÷ 50.0 s = 1.40 倍 | 达标 |" in text
    assert "峰值内存 ≤ 1.5 GB（同一时刻各进程 PSS 之和） | 700 MB（各进程峰值 RSS 相加的上限：900 MB） | 达标 |" in text
    runs[3]["anchor_s"] = 45.0  # plain builds of 80, 40 and 45 s: 70 / 45 = 1.56
    assert "= 1.56 倍 | **未达标** |" in measure.report(_run(52, 0.5, 5.0), 6.0, runs)


def test_the_preview_and_a_second_year_are_judged_when_measured():
    runs = [_run(500, 2.0, 20.0), _run(5000, 8.0, 100.0), _run(5000, 8.0, 90.0), _run(5000, 8.0, 110.0)]
    others = {"preview_sample": {"preview_s": 0.8, "preview_edits_s": [0.7, 0.8, 0.9, 0.8, 0.8]},
              "preview_largest": {"preview_s": 16.0, "preview_edits_s": [15, 16, 17, 16, 16]},
              "years": {"total_s": 150.0}}
    text = measure.report(_run(52, 0.5, 5.0), 6.0, runs, others)
    assert "| 预览（make serve）：示例数据改一个项目记录到页面显示（5 次的中位数）≤ 2 s | 0.8 s（0.7、0.8、0.9、0.8、0.8） | 达标 |" in text
    assert "| 预览（make serve）：5000 个项目改一个项目记录到页面显示（5 次的中位数）≤ 15 s | 16.0 s（15、16、17、16、16） | **未达标** |" in text
    assert "| 5000 个项目 × 2 年 ≤ 一年的 1.6 倍 | 150.0 s ÷ 100.0 s = 1.50 倍 | 达标 |" in text
    assert "preview_largest：" in text
    assert "预览" not in measure.report(_run(52, 0.5, 5.0), 6.0, runs)  # not measured: not judged
