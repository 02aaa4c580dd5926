"""关于: the mechanism in plain Chinese, each figure's definition, the supervision channel."""

from __future__ import annotations

import datetime as dt

from ... import urls
from ...figures import fmt
from ...figures.model import SiteModel
from .common import Page

OVERDUE_WORDS = {"red": "一律为红灯", "yellow": "至少为黄灯",
                 "investment": "仍按投资完成率亮灯，灯的理由中写明逾期天数"}


def about_page(model: SiteModel) -> Page:
    lights = model.site.lights
    return Page(urls.about(), "about.md.j2", {
        "green_from": fmt.points(lights.green_from), "red_at": fmt.points(lights.red_at),
        "overdue": OVERDUE_WORDS[lights.overdue],
        "month": fmt.cn_month(model.month), "pinned": model.site.reporting_month is not None,
        "visits_since": fmt.cn_date(model.site.visits_since or dt.date(model.year, 1, 1)),
    }, "关于本栏目")
