"""A seeded synthetic content tree of any size, for the benchmark: realistic field sizes and Chinese text.

Shape per project, as in a real county: weekly on-site visits, monthly progress, a few problems, 6–8
approvals, 4–5 milestones. A province of N projects gets about N/10 units, N/8 leaders, N/50 areas, a
dispatch meeting and two inspections a month, and a review every two months.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

CATEGORIES = [("industry", "工业"), ("infrastructure", "基础设施"), ("livelihood", "社会民生"), ("rural", "乡村振兴"),
              ("farmland", "高标准粮田"), ("services", "现代服务业"), ("ecology", "生态环保")]
KINDS = ["新开工", "续建", "续建", "前期"]
PLACES = "东西南北中新老城郊河湖山川林原桥港园"
THINGS = ["食品加工", "智能制造", "道路改建", "污水处理", "学校扩建", "医院新院区", "冷链物流", "光伏发电",
          "高标准农田",
          "供水管网", "产业园", "文旅小镇", "保障住房", "电子元器件", "新型建材", "纺织服装", "生物医药", "物流园"]
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余"
GIVEN = "建华伟静丽娟志刚海燕红梅建军永强晓东立新春生秀兰国华玉兰振宇文斌桂芳德胜新民雪梅长青卫东明辉"
IMAGES = ["完成场地平整和临时设施建设", "基础施工完成六成", "主体结构施工至第五层", "主体结构封顶，开始二次结构施工",
          "设备进场安装，完成四成", "室外配套工程施工"]
NOTES = ["检查施工进度和安全生产", "现场协调施工用地问题", "督促施工单位增加作业面和人员", "协调供电线路迁改",
         "调度资金拨付和工程结算", "查看形象进度，研究下步计划"]
PROBLEMS = ["项目新增建设用地指标尚未落实，影响二期开工", "红线范围内部分房屋征迁未完成，影响施工作业面",
            "施工许可证办理进度慢，影响正式开工", "专项债券资金拨付滞后，施工单位资金紧张",
            "施工临时用电容量不足，需要增容"]
APPROVALS = ["项目备案（立项）", "用地预审与选址意见书", "建设用地规划许可证", "建设工程规划许可证", "环境影响评价批复",
             "节能审查意见", "施工图审查合格书", "建筑工程施工许可证"]


class _Writer:
    def __init__(self, root: Path, projects: int, months: int, seed: int, years: int = 1) -> None:
        self.root, self.count, self.months, self.rng = root, projects, months, random.Random(seed)
        self.first_year, self.years = 2021, years
        self.year = 2021 + years - 1  # the last year, whose `months` are reported; earlier years are whole
        self.units = [f"unit-{i:04d}" for i in range(max(8, projects // 10))]
        self.leaders = [f"leader-{i:04d}" for i in range(max(4, projects // 8))]
        self.areas = [f"area-{i:03d}" for i in range(max(3, projects // 50))]

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, 2))

    def month(self, number: int, year: int | None = None) -> str:
        return f"{year or self.year}-{number:02d}"

    def year_months(self) -> list[tuple[int, int]]:
        """(year, month) of every month reported: the earlier years whole, the last up to `months`."""
        return [(year, number) for year in range(self.first_year, self.year + 1)
                for number in range(1, (self.months if year == self.year else 12) + 1)]

    def write(self) -> None:
        (self.root / "projects").mkdir(parents=True, exist_ok=True)
        (self.root / "meetings").mkdir(parents=True, exist_ok=True)
        self.settings()
        for index in range(self.count):
            (self.root / "projects" / f"p{index:05d}.yml").write_text(self.project(index), encoding="utf-8")
        self.meetings()

    def settings(self) -> None:
        rng = self.rng
        site = ["title: 示例省重点项目建设公开专栏\ncounty: 示例省\noffice: 省重点建设项目办公室",
                "base_url: https://zdxm.example.cn/\ndemo: true\nicp: 示ICP备00000000号",
                "supervision: {hotline: 0000-0000000, email: jiandu@example.cn}",
                "fixed_attendees: [" + ", ".join(self.units[:12]) + "]", "categories:"]
        site += [f"  - {{id: {key}, name: {name}}}" for key, name in CATEGORIES]
        site += ["areas:"] + [f"  - {{id: {a}, name: {rng.choice(PLACES)}{rng.choice(PLACES)}区{i}}}"
                              for i, a in enumerate(self.areas)]
        site += ["review_criteria:", "  - {id: a, name: 比谋划看储备, max_score: 50}",
                 "  - {id: b, name: 比开工看进度, max_score: 50}"]
        (self.root / "site.yml").write_text("\n".join(site) + "\n", encoding="utf-8")
        units = ["units:"] + [f"  - {{id: {u}, name: {rng.choice(PLACES)}{rng.choice(THINGS)}局{i}}}"
                              for i, u in enumerate(self.units)]
        (self.root / "units.yml").write_text("\n".join(units) + "\n", encoding="utf-8")
        leaders = ["leaders:"] + [f"  - {{id: {leader}, name: {self.person()}, title: 副县长}}"
                                  for leader in self.leaders]
        (self.root / "leaders.yml").write_text("\n".join(leaders) + "\n", encoding="utf-8")
        chains = ["chains:"]
        for i in range(min(10, self.count // 10)):
            members = ", ".join(f"p{j:05d}" for j in range(i * 10, i * 10 + 5))
            chains.append(f"  - {{id: chain-{i}, name: {THINGS[i % len(THINGS)]}产业链, chief: {self.leaders[0]}, "
                          f"plan: 做强{THINGS[i % len(THINGS)]}产业, key_matters: [建设公共服务平台], "
                          f"key_parks: [{PLACES[i % len(PLACES)]}区产业园], key_enterprises: [示例企业{i}], "
                          f"key_projects: [{members}]}}")
        (self.root / "chains.yml").write_text("\n".join(chains) + "\n", encoding="utf-8")

    def project(self, index: int) -> str:
        rng, year = self.rng, self.first_year
        kind = rng.choice(KINDS)
        plan = rng.randint(5, 400) * 100 if kind != "前期" else rng.randint(1, 10) * 100
        total = plan * rng.randint(2, 6) * self.years
        plans = [(self.first_year, kind, plan)] + [(y, "续建" if kind != "前期" else "前期", plan)
                                                    for y in range(self.first_year + 1, self.year + 1)]
        unit = rng.choice(self.units)
        lines = [f"id: p{index:05d}",
                 f"name: {rng.choice(PLACES)}{rng.choice(PLACES)}{rng.choice(THINGS)}项目{index}",
                 f"category: {rng.choice(CATEGORIES)[0]}",
                 f"location: {{area: {rng.choice(self.areas)}, "
                 f"address: {rng.choice(PLACES)}城大道{rng.randint(1, 999)}号}}",
                 f"description: 新建{rng.choice(THINGS)}生产和配套设施，建筑面积{rng.randint(1, 30)}万平方米",
                 f"leader: {rng.choice(self.leaders)}",
                 f"responsible: {{unit: {unit}, person: {self.person()}, title: 主要负责人}}",
                 f"builder: {{unit: {rng.choice(self.units)}, person: {self.person()}}}",
                 "cooperating:",
                 *(f"  - {{unit: {rng.choice(self.units)}, person: {self.person()}}}" for _ in range(2)),
                 f"inspector: {{name: {self.person()}}}", f"total_investment: {total}", "years:",
                 *(f"  - {{year: {y}, kind: {k}, annual_plan: {p}}}" for y, k, p in plans)]
        if kind == "新开工":
            start = dt.date(year, rng.randint(2, 8), rng.randint(1, 28))
            lines.append(f"planned_start: {start}")
            if rng.random() < 0.85:
                lines.append(f"actual_start: {start + dt.timedelta(days=rng.randint(-5, 40))}")
        lines.append("measures: [实行周例会制度，每周调度施工进度, 倒排工期、挂图作战, 分包领导每周现场办公]")
        lines.append("milestones:")
        for number, name in enumerate(["完成施工招标", "主体工程完成一半", "主体工程完工", "竣工验收"], start=1):
            planned = dt.date(year, min(12, number * 3), 20)
            done = planned + dt.timedelta(days=rng.randint(-5, 20))
            actual = f", actual: {done}" if number * 3 <= self.months else ""
            lines.append(f"  - {{name: {name}, planned: {planned}{actual}}}")
        lines.append("approvals:")
        for name in rng.sample(APPROVALS, rng.randint(5, 8)):
            if rng.random() < 0.8:
                lines.append(f"  - {{name: {name}, status: 已办结, completed: {dt.date(year, rng.randint(1, 6), 15)}}}")
            else:
                lines.append(f"  - {{name: {name}, status: 办理中}}")
        lines.append(f"factors:\n  - {{kind: 用地, need: 新增建设用地 {rng.randint(10, 300)} 亩, status: 保障中}}")
        pace, completed = rng.uniform(0.6, 1.2), 0
        lines.append("progress:")
        for report_year, number in self.year_months():
            completed = 0 if number == 1 else completed
            completed = max(completed, round(plan * min(1.1, pace * number / 12)))
            lines.append(f"  - {{month: {self.month(number, report_year)}, completed: {completed}, "
                         f"image: {rng.choice(IMAGES)}}}")
        lines.append("problems:")
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            raised = dt.date(self.year, rng.randint(1, self.months), rng.randint(1, 28))
            deadline = raised + dt.timedelta(days=30)
            solved = f", status: 已解决, resolved: {deadline}" if rng.random() < 0.6 else ", status: 未解决"
            lines.append(f"  - {{raised: {raised}, text: {rng.choice(PROBLEMS)}, owners: [{unit}], "
                         f"deadline: {deadline}{solved}}}")
        lines.append("visits:")
        day, last = dt.date(year, 1, 4), dt.date(self.year, self.months, 28)
        while day <= last:
            if rng.random() < 0.85:
                lines.append(f"  - {{date: {day + dt.timedelta(days=rng.randint(0, 4))}, unit: {unit}, "
                             f"note: {rng.choice(NOTES)}}}")
            day += dt.timedelta(days=7)
        return "\n".join(lines) + "\n"

    def meetings(self) -> None:
        rng, ids = self.rng, [f"p{i:05d}" for i in range(self.count)]
        for year, number in self.year_months():
            date = dt.date(year + (number == 12), number % 12 + 1, 6)
            decisions = "\n".join(
                f"  - {{text: 协调解决{rng.choice(PROBLEMS)}, owners: [{rng.choice(self.units)}], "
                f"deadline: {date + dt.timedelta(days=20)}, projects: [{rng.choice(ids)}]}}" for _ in range(5))
            attendance = "\n".join(f"  - {{unit: {u}, status: 出席}}" for u in self.units[:12])
            (self.root / "meetings" / f"{date}-dispatch.yml").write_text(
                f"kind: dispatch\ndate: {date}\nreporting_month: {self.month(number, year)}\n"
                f"attendance:\n{attendance}\ndecisions:\n{decisions}\n", encoding="utf-8")
            for day in (14, 28):
                findings = "\n".join(f"  - {{project: {p}, text: 现场作业人员不足，进度滞后}}"
                                     for p in rng.sample(ids, 5))
                (self.root / "meetings" / f"{self.month(number, year)}-{day}-inspection.yml").write_text(
                    f"kind: inspection\ndate: {self.month(number, year)}-{day}\nfindings:\n{findings}\n",
                    encoding="utf-8")
            if number % 2 == 0:
                visited = rng.sample(ids, min(20, len(ids)))
                scores = "\n".join(f"  - {{project: {p}, scores: {{a: {rng.randint(30, 50)}, "
                                   f"b: {rng.randint(30, 50)}}}}}" for p in visited)
                (self.root / "meetings" / f"{self.month(number, year)}-25-review.yml").write_text(
                    f"kind: review\ndate: {self.month(number, year)}-25\nvisited: [{', '.join(visited)}]\n"
                    f"scores:\n{scores}\n",
                    encoding="utf-8")


def make_content(root: Path, projects: int, months: int = 12, seed: int = 2021, years: int = 1) -> Path:
    """Write a synthetic content tree into `root` (which must not exist) and return it: `years` years on the
    list (every project carried over), the earlier ones whole, the last one's first `months` reported."""
    _Writer(root, projects, months, seed, years).write()
    return root

