"""Stage 2, check: the rules that span records — references, ids, dates that contradict each other."""

from __future__ import annotations

import re
from collections.abc import Collection

from . import boundaries, models
from .geo import in_china
from .identity import MediaNames, check_identities
from .load import Content
from .media import PHOTO_TYPES, PhotoChecks
from .numbering import bulletin_file, bulletin_numbers, summary_file
from .yamlsource import KeyPath

ATTACHMENT_TYPES = {".jpg", ".jpeg", ".png", ".webp", ".pdf"}
MAX_ATTACHMENT_BYTES = 5_000_000
# addresses beside the project pages: the list's pages and the facets' folders (projects/by-unit/<unit>/ …)
RESERVED_ID = re.compile(r"^(index|page-\d+|by-.*)$")
MEETING_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(dispatch|review|inspection)(-\d+)?$")


class Checker:
    def __init__(self, content: Content) -> None:
        self.content = content
        self.site = content.site
        # a file that did not load still owns its id: references to it are not "dangling"
        failed = [key.split(":", 1) for key in content.unreadable]
        self.project_ids = set(content.projects) | {stem for kind, stem in failed if kind == "project"}
        self.meeting_ids = set(content.meetings) | {stem for kind, stem in failed if kind == "meeting"}
        self.photos = PhotoChecks(self)
        self.media = MediaNames(content.root / "media")
        # the years the column has run: every year some project is on the list
        self.years = sorted({entry.year for project in content.projects.values() for entry in project.years})

    def error(self, file_key: str, path: KeyPath, message: str) -> None:
        self.content.error(file_key, path, message)

    def ref(self, file_key: str, path: KeyPath, value: str | None, known: Collection[str], what: str) -> None:
        if value is not None and value not in known:
            self.error(file_key, path, f"找不到{what} {value}（期望 {_where(what)}中已有的编号）")

    def unit(self, file_key: str, path: KeyPath, value: str | None) -> None:
        self.ref(file_key, path, value, self.content.units, "单位")

    def units(self, file_key: str, path: KeyPath, values: list[str]) -> None:
        for index, value in enumerate(values):
            self.unit(file_key, (*path, index), value)

    def in_years(self, file_key: str, path: KeyPath, month: str, years: list[int] | None = None) -> None:
        """`month` falls in one of `years` (by default, the years the column has run)."""
        years = self.years if years is None else years
        if years and int(month[:4]) not in years:
            listed = "、".join(str(year) for year in years)
            self.error(file_key, path, f"月份不在列入重点项目名单的年度内（期望 {listed} 年的月份，实际 {month}）")

    def run(self) -> None:
        if self.site:
            self.check_site(self.site)
        check_identities(self.content, self.error)
        for index, chain in enumerate(self.content.chains.values()):
            self.check_chain(index, chain)
        self.check_project_ids()
        for stem, project in self.content.projects.items():
            self.check_project(f"project:{stem}", project)
        self.check_issued()
        dispatch_months: dict[str, str] = {}
        for stem, meeting in self.content.meetings.items():
            self.check_meeting(f"meeting:{stem}", stem, meeting)
            if isinstance(meeting, models.DispatchMeeting):
                earlier = dispatch_months.setdefault(meeting.reporting_month, stem)
                if earlier != stem:
                    self.error(
                        f"meeting:{stem}", ("reporting_month",),
                        f"通报月份重复：{meeting.reporting_month} 已由 {earlier} 通报（每月只出一期通报）",
                    )

    def check_issued(self) -> None:
        """An issued document stays what it was: its file name, and for a bulletin its meeting and number, must
        still agree with the records (a deleted or added earlier dispatch meeting would renumber it)."""
        numbers = bulletin_numbers(self.content.meetings)
        # a meeting record that did not load would renumber the rest: its own error is enough
        renumbered = any(key.startswith("meeting:") for key in self.content.unreadable)
        for name, record in self.content.corrections.items():
            for document in record.documents:
                if document not in self.content.issued and f"issued:{document}" not in self.content.unreadable:
                    self.error(f"issued:corrections/{name}", ("documents", document),
                               f"更正的文件 issued/{document}.json 不存在")
        for stem, document in self.content.issued.items():
            key = f"issued:{stem}"
            if document.document == "summary":
                expected = summary_file(document.year, bool(document.half))
                if f"issued/{stem}.json" != expected:
                    self.error(key, ("year",), f"文件名与内容不一致（期望 {expected}）")
                continue
            title = f"{document.year}年第{document.number}期"
            expected = bulletin_file(document.year, document.number or 0)
            if f"issued/{stem}.json" != expected:
                self.error(key, ("number",), f"文件名与期号不一致（期望 {expected}）")
            meeting = self.content.meetings.get(document.meeting or "")
            if meeting is None and document.meeting not in self.meeting_ids:
                self.error(key, ("meeting",), f"已印发的通报{title}依据的会议记录 {document.meeting} 不存在（期望 "
                                              f"content/meetings/{document.meeting}.yml；已印发的通报不能撤回，请恢复它）")
            elif meeting is not None and not renumbered and numbers.get(document.meeting) != (document.year,
                                                                                               document.number):
                now = numbers.get(document.meeting)
                shown = f"{now[0]}年第{now[1]}期" if now else "没有期号"
                self.error(key, ("number",), f"已印发的通报期号不能改变（期望 {title}，按现在的会议记录是 {shown}："
                                             "增删了此前的调度例会记录，或改了它们的通报月份）")

    def check_site(self, site: models.Site) -> None:
        for name in ("categories", "areas", "review_criteria"):
            seen: set[str] = set()
            for index, item in enumerate(getattr(site, name)):
                if item.id in seen:
                    self.error("site", (name, index, "id"), f"编号重复：{item.id}")
                seen.add(item.id)
        self.units("site", ("fixed_attendees",), site.fixed_attendees)
        if site.reporting_month:
            self.in_years("site", ("reporting_month",), site.reporting_month)
        if site.lights.red_at >= site.lights.green_from:
            self.error("site", ("lights", "red_at"), "红灯线必须低于绿灯下限（期望 red_at < green_from）")

    def check_chain(self, index: int, chain: models.Chain) -> None:
        self.ref("chains", ("chains", index, "chief"), chain.chief, self.content.leaders, "领导")
        for position, project in enumerate(chain.key_projects):
            self.ref("chains", ("chains", index, "key_projects", position), project, self.project_ids, "项目")

    def check_project_ids(self) -> None:
        first_file: dict[str, str] = {}
        for stem, project in self.content.projects.items():
            key = f"project:{stem}"
            if RESERVED_ID.match(project.id):
                self.error(key, ("id",), f"编号 {project.id} 不能用：index、page-数字 和 by- 开头的"
                                         "是列表页和筛选页的网址（请换一个编号）")
            if project.id != stem:
                self.error(key, ("id",), f"编号与文件名不一致（期望 {stem}，实际 {project.id}）")
            if project.id in first_file:
                self.error(key, ("id",), f"编号重复：{project.id} 已在 {first_file[project.id]} 中使用")
            first_file.setdefault(project.id, self.content.files[key].relative)

    def check_project(self, key: str, project: models.Project) -> None:
        content, site = self.content, self.site
        if site:
            self.ref(key, ("category",), project.category, {c.id for c in site.categories}, "项目类别")
            self.ref(key, ("location", "area"), project.location.area, {a.id for a in site.areas}, "区域")
        self.ref(key, ("leader",), project.leader, content.leaders, "领导")
        self.unit(key, ("responsible", "unit"), project.responsible.unit)
        self.unit(key, ("builder", "unit"), project.builder.unit)
        for index, person in enumerate(project.cooperating):
            self.unit(key, ("cooperating", index, "unit"), person.unit)
        self.unit(key, ("inspector", "unit"), project.inspector.unit)
        self.check_years(key, project)
        if project.planned_start and project.planned_completion and project.planned_completion < project.planned_start:
            self.error(key, ("planned_completion",), "计划竣工日期早于计划开工日期")
        started, completed = project.actual_start, project.actual_completion
        if completed and started and completed < started:
            self.error(key, ("actual_completion",),
                       f"实际竣工日期早于实际开工日期（期望 不早于 {started}，实际 {completed}）")
        self.check_schedule(key, project)
        self.check_progress(key, project)
        for index, approval in enumerate(project.approvals):
            self.unit(key, ("approvals", index, "unit"), approval.unit)
            if (approval.status == "已办结") != (approval.completed is not None):
                self.error(key, ("approvals", index, "completed"), "状态为“已办结”时必须填写办结日期，其他状态不填")
        for index, problem in enumerate(project.problems):
            self.check_problem(key, ("problems", index), problem)
        for index, attachment in enumerate(project.attachments):
            path = ("attachments", index, "file")
            is_image = attachment.file.lower().endswith(tuple(PHOTO_TYPES))
            if self.check_attachment(key, path, attachment.file) and is_image:
                self.photos.image(key, path, attachment.file)  # published re-encoded, without its metadata
        self.photos.progress(key, project)
        self.check_location(key, project.location)
        for index, visit in enumerate(project.visits):
            if visit.leader is None and visit.unit is None:
                self.error(key, ("visits", index), "现场办公须填写分包领导（leader）或责任单位（unit）")
            self.ref(key, ("visits", index, "leader"), visit.leader, content.leaders, "领导")
            self.unit(key, ("visits", index, "unit"), visit.unit)

    def check_attachment(self, key: str, path: KeyPath, file: str, types: Collection[str] = ATTACHMENT_TYPES,
                         what: str = "附件", max_bytes: int = MAX_ATTACHMENT_BYTES) -> bool:
        """Attachments and photos live in content/media/: never outside it (content/media itself may be a link
        out of the repository), never missing, named as on disk, never huge. True when the file passed."""
        media = self.content.root / "media"
        if ".." in file.split("/"):
            self.error(key, path, f"{what}路径不能跳出 content/media/（期望 media/ 下的相对路径，实际 {file}）")
            return False
        suffix = "." + file.rsplit(".", 1)[-1].lower() if "." in file else ""
        if suffix not in types:
            allowed = "、".join(sorted(types))
            self.error(key, path, f"{what}类型不支持（期望 {allowed}，实际 {suffix or '没有扩展名'}）")
        elif not (media / file).is_file():
            self.error(key, path, f"找不到{what}文件 content/media/{file}")
        elif not (media / file).resolve().is_relative_to(self.content.root.resolve() / "media"):
            self.error(key, path, f"{what}是指向 content/media/ 以外的符号链接，不予发布（请把文件本身放进仓库）")
        elif problem := self.media.problem(file):
            self.error(key, path, problem)
        elif (size := (media / file).stat().st_size) > max_bytes:
            self.error(key, path, f"{what}过大（期望 不超过 {max_bytes // 1_000_000} MB，实际 {size:,} 字节）")
        else:
            return True
        return False

    def check_location(self, key: str, location: models.Location) -> None:
        if (location.latitude is None) != (location.longitude is None):
            missing = "longitude" if location.longitude is None else "latitude"
            self.error(key, ("location", missing), "纬度（latitude）和经度（longitude）要一起填写，或都不填")
        elif location.latitude is not None and not in_china(location.latitude, location.longitude):
            self.error(key, ("location", "latitude"), f"坐标不在中国境内（实际 纬度 {location.latitude:g}，"
                                                      f"经度 {location.longitude:g}）：纬度和经度是否写反了？")

    def check_years(self, key: str, project: models.Project) -> None:
        """The years on the list: in order, each once; plans within the total; a new start has its date; a
        project finished before a year began is not on that year's list."""
        previous = None
        for index, entry in enumerate(project.years):
            path = ("years", index)
            if previous is not None and entry.year <= previous:
                self.error(key, (*path, "year"), f"年度重复或顺序颠倒（期望 晚于 {previous}，实际 {entry.year}）")
            previous = entry.year
            if entry.annual_plan is not None and entry.annual_plan > project.total_investment:
                total, plan = project.total_investment, entry.annual_plan
                self.error(key, (*path, "annual_plan"),
                           f"{entry.year} 年度计划投资不能大于总投资（期望 ≤ {total:g}，实际 {plan:g}）")
            if entry.kind == "新开工" and project.planned_start is None:
                self.error(key, ("planned_start",), f"{entry.year} 年是新开工项目，必须填写计划开工日期")
            if project.actual_completion and project.actual_completion.year < entry.year:
                self.error(key, (*path, "year"), f"项目已于 {project.actual_completion} 竣工，不应列入 "
                                                 f"{entry.year} 年度重点项目名单（期望 删去这一年，或改正竣工日期）")

    def line(self, file_key: str, path: KeyPath) -> int:
        """The line of `path` in its file, for a message that names a second key."""
        return self.content.files[file_key].document.position(path)[0]

    def check_schedule(self, key: str, project: models.Project) -> None:
        """The schedule agrees with itself: no milestone planned after the planned completion or done after the
        actual completion; a completion has its start; each year's kind fits the actual start."""
        planned_end, started, completed = project.planned_completion, project.actual_start, project.actual_completion
        if completed and not started:
            self.error(key, ("actual_completion",), f"填写了实际竣工日期 {completed}，却没有实际开工日期 actual_start"
                                                    "（期望 两个都填，或都不填）")
        for index, milestone in enumerate(project.milestones):
            if planned_end and milestone.planned > planned_end:
                self.error(key, ("milestones", index, "planned"),
                           f"节点“{milestone.name}”的计划日期晚于第 {self.line(key, ('planned_completion',))} 行的"
                           f"计划竣工日期 planned_completion（期望 不晚于 {planned_end}，实际 {milestone.planned}）："
                           "改正其中一个；节点推迟了，新的日期写在 forecast，planned 保留原计划")
            if completed and milestone.actual and milestone.actual > completed:
                self.error(key, ("milestones", index, "actual"),
                           f"节点“{milestone.name}”的实际完成日期晚于第 {self.line(key, ('actual_completion',))} 行的"
                           f"实际竣工日期 actual_completion（期望 不晚于 {completed}，实际 {milestone.actual}）")
        for index, entry in enumerate(project.years):
            if started is None:
                break
            year_start = started.replace(year=entry.year, month=1, day=1)
            before, where = started < year_start, self.line(key, ("actual_start",))
            if entry.kind in ("新开工", "前期") and before:
                self.error(key, ("years", index, "kind"),
                           f"{entry.year} 年写作{entry.kind}，但第 {where} 行的实际开工日期 actual_start 是 {started}，"
                           f"在 {entry.year} 年以前（期望 续建，或改正实际开工日期）")
            elif entry.kind == "续建" and not before:
                self.error(key, ("years", index, "kind"),
                           f"{entry.year} 年写作续建，但第 {where} 行的实际开工日期 actual_start 是 {started}，"
                           f"不在 {entry.year} 年以前（期望 新开工，或改正实际开工日期）")

    def check_progress(self, key: str, project: models.Project) -> None:
        """Months in order, each in a year the project is on the list; the year's cumulative figure never falls
        (it starts again each January)."""
        previous: models.Progress | None = None
        years = [entry.year for entry in project.years]
        for index, entry in enumerate(project.progress):
            self.in_years(key, ("progress", index, "month"), entry.month, years)
            if previous and entry.month <= previous.month:
                self.error(key, ("progress", index, "month"),
                           f"月份重复或顺序颠倒（期望 晚于 {previous.month}，实际 {entry.month}）")
            elif previous and entry.month[:4] == previous.month[:4] and entry.completed < previous.completed:
                self.error(
                    key, ("progress", index, "completed"),
                    f"本年累计完成投资不能比上月少"
                    f"（期望 ≥ {previous.completed:g}（{previous.month}），实际 {entry.completed:g}）",
                )
            previous = entry

    def check_problem(self, key: str, path: KeyPath, problem: models.Problem) -> None:
        self.units(key, (*path, "owners"), problem.owners)
        self.ref(key, (*path, "meeting"), problem.meeting, self.meeting_ids, "会议")
        if problem.deadline < problem.raised:
            self.error(key, (*path, "deadline"),
                       f"办结时限早于提出日期（期望 不早于 {problem.raised}，实际 {problem.deadline}）")
        if (problem.status == "已解决") != (problem.resolved is not None):
            self.error(key, (*path, "resolved"), "状态为“已解决”时必须填写解决日期，未解决时不填")
        elif problem.resolved and problem.resolved < problem.raised:
            self.error(key, (*path, "resolved"),
                       f"解决日期早于提出日期（期望 不早于 {problem.raised}，实际 {problem.resolved}）")

    def check_meeting(self, key: str, stem: str, meeting: models.MeetingBase) -> None:
        content = self.content
        match = MEETING_FILE.match(stem)
        if not match:
            self.error(key, (), "会议文件名应为 日期-类型.yml，如 2021-05-03-dispatch.yml")
        elif match.group(1) != meeting.date.isoformat() or match.group(2) != meeting.kind:
            self.error(key, ("date",), f"文件名与记录不一致（期望 {meeting.date}-{meeting.kind}.yml，实际 {stem}.yml）")
        self.ref(key, ("convener",), meeting.convener, content.leaders, "领导")
        attended: set[str] = set()
        for index, row in enumerate(meeting.attendance):
            self.unit(key, ("attendance", index, "unit"), row.unit)
            if row.unit in attended:
                self.error(key, ("attendance", index, "unit"), f"同一单位重复登记出席情况：{row.unit}")
            attended.add(row.unit)
            if row.status == "替会" and not row.substitute:
                self.error(key, ("attendance", index, "substitute"), "出席情况为“替会”时须填写替会人")
        for name in ("praised", "criticised"):
            for index, mention in enumerate(getattr(meeting, name)):
                if (mention.unit is None) == (mention.project is None):
                    self.error(key, (name, index), "须填写 unit（单位）或 project（项目）之一")
                self.unit(key, (name, index, "unit"), mention.unit)
                self.ref(key, (name, index, "project"), mention.project, self.project_ids, "项目")
        if isinstance(meeting, models.DispatchMeeting):
            self.check_dispatch(key, meeting)
        elif isinstance(meeting, models.ReviewMeeting):
            self.check_review(key, meeting)
        else:
            for index, finding in enumerate(meeting.findings):
                self.ref(key, ("findings", index, "project"), finding.project, self.project_ids, "项目")

    def check_dispatch(self, key: str, meeting: models.DispatchMeeting) -> None:
        self.in_years(key, ("reporting_month",), meeting.reporting_month)
        if meeting.reporting_month > meeting.date.strftime("%Y-%m"):
            self.error(key, ("reporting_month",),
                       f"通报月份晚于会议日期（期望 不晚于 {meeting.date:%Y-%m}，实际 {meeting.reporting_month}）")
        for index, project in enumerate(meeting.reported):
            self.ref(key, ("reported", index), project, self.project_ids, "项目")
        for index, decision in enumerate(meeting.decisions):
            path = ("decisions", index)
            self.units(key, (*path, "owners"), decision.owners)
            for position, project in enumerate(decision.projects):
                self.ref(key, (*path, "projects", position), project, self.project_ids, "项目")
            if (decision.status == "已完成") != (decision.done is not None):
                self.error(key, (*path, "done"), "落实情况为“已完成”时必须填写完成日期，未完成时不填")

    def check_review(self, key: str, meeting: models.ReviewMeeting) -> None:
        criteria = {c.id: c for c in self.site.review_criteria} if self.site else None
        for index, project in enumerate(meeting.visited):
            self.ref(key, ("visited", index), project, self.project_ids, "项目")
        scored: set[str] = set()
        for index, row in enumerate(meeting.scores):
            self.ref(key, ("scores", index, "project"), row.project, set(meeting.visited), "观摩项目")
            if row.project in scored:
                self.error(key, ("scores", index, "project"), f"同一项目重复评分：{row.project}")
            scored.add(row.project)
            for criterion, score in row.scores.items() if criteria is not None else ():
                path = ("scores", index, "scores", criterion)
                if criterion not in criteria:
                    self.ref(key, path, criterion, criteria, "评分项")
                elif score > criteria[criterion].max_score:
                    self.error(key, path, f"得分超过满分（期望 ≤ {criteria[criterion].max_score:g}，实际 {score:g}）")
        for index, remark in enumerate(meeting.remarks):
            self.check_remark(key, ("remarks", index), remark, meeting)

    def check_remark(self, key: str, path: KeyPath, remark: models.Remark, meeting: models.ReviewMeeting) -> None:
        if (remark.unit is None) == (remark.project is None):
            self.error(key, path, "须填写 project（观摩项目）或 unit（单位）之一")
        self.ref(key, (*path, "project"), remark.project, set(meeting.visited), "观摩项目")
        self.unit(key, (*path, "unit"), remark.unit)
        if remark.praise is None and remark.improve is None:
            self.error(key, path, "点评意见须写明 praise（肯定的成绩）或 improve（需要整改的问题）")
        if remark.improve is not None and remark.deadline is None:
            self.error(key, (*path, "deadline"), "写了需要整改的问题（improve），须填写整改时限（deadline）")
        elif remark.improve is None and remark.deadline is not None:
            self.error(key, (*path, "deadline"), "没有需要整改的问题（improve）时不填整改时限")
        elif remark.deadline is not None and remark.deadline < meeting.date:
            self.error(key, (*path, "deadline"),
                       f"整改时限早于观摩点评日期（期望 不早于 {meeting.date}，实际 {remark.deadline}）")


def _where(what: str) -> str:
    return {
        "单位": "units.yml ",
        "领导": "leaders.yml ",
        "项目": "content/projects/ ",
        "会议": "content/meetings/ ",
        "项目类别": "site.yml 的 categories ",
        "区域": "site.yml 的 areas ",
        "评分项": "site.yml 的 review_criteria ",
        "观摩项目": "本次 visited ",
    }.get(what, "")


def check(content: Content) -> None:
    """Add every cross-record error to `content.errors`."""
    Checker(content).run()
    boundaries.read(content)
