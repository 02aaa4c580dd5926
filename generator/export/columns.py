"""The columns of every data file, defined once: the Chinese header (CSV, XLSX), the JSON field name, the
unit and the definition. The files and the data dictionary on the 数据下载 page are both made from these,
so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

LIST_SEPARATOR = "、"  # several units or projects in one cell


@dataclass(frozen=True)
class Column:
    key: str  # the JSON field name
    header: str  # the CSV / XLSX column header
    unit: str  # "" for text
    definition: str


@dataclass(frozen=True)
class Table:
    name: str  # the file name without extension: data/<name>.csv
    title: str
    rows: str  # what one row is
    columns: tuple[Column, ...]

    @property
    def keys(self) -> list[str]:
        return [column.key for column in self.columns]


def _money(key: str, name: str, definition: str) -> Column:
    return Column(key, f"{name}（万元）", "万元", definition)


def _percent(key: str, name: str, definition: str) -> Column:
    return Column(key, f"{name}（%）", "%", definition + "，保留 2 位小数")


_DATE = "日期（年-月-日）"
_PROJECT = Column("project", "项目编号", "", "项目的固定编号，也是项目网址的一部分")
_PROJECT_NAME = Column("project_name", "项目名称", "", "")
_RATE = _percent("rate", "投资完成率", "本年累计完成投资 ÷ 年度计划投资；无年度计划投资时为空")
_GAP = Column("gap", "序时差（百分点）", "百分点",
              "投资完成率 − 序时进度（本表中两个保留 2 位小数的数相减），正数为超序时，负数为滞后序时；"
              "红黄绿灯按网页上的序时差判断（两个保留 1 位小数的百分数相减）")

PROJECTS = Table("projects", "项目", "本年度名单上的每个项目一行，数字截至报告月份底", (
    Column("id", "项目编号", "", "项目的固定编号，也是项目网址的一部分"),
    Column("name", "项目名称", "", ""),
    Column("year", "年度", "年", "项目所在的重点项目名单的年度"),
    Column("category", "项目类别", "", ""),
    Column("kind", "建设性质", "", "这一年度的建设性质：新开工、续建或前期"),
    Column("area", "所在区域", "", "乡镇、街道或园区"),
    Column("address", "建设地点", "", ""),
    Column("latitude", "纬度", "度", "WGS-84 坐标（按 GCJ-02 填报的已换算），未填报时为空"),
    Column("longitude", "经度", "度", "WGS-84 坐标（按 GCJ-02 填报的已换算），未填报时为空"),
    Column("leader", "分包领导", "", "分包该项目的处级领导"),
    Column("leader_title", "分包领导职务", "", ""),
    Column("responsible_unit", "责任单位", "", ""),
    Column("responsible_person", "责任单位责任人", "", ""),
    Column("builder_unit", "建设单位", "", ""),
    Column("builder_person", "建设单位责任人", "", ""),
    Column("cooperating_units", "配合单位", "", f"多个单位用“{LIST_SEPARATOR}”分隔"),
    Column("inspector", "派驻专职纪检监察员", "", ""),
    _money("total", "总投资", "项目总投资"),
    _money("plan", "年度计划投资", "本年度计划完成的投资；计划尚未下达时为空"),
    _money("completed", "本年累计完成投资", "截至报告月份底最近一次报送的本年累计完成投资；未报送为 0"),
    _money("since_start", "开工以来累计完成投资", "列入名单前已完成的投资，加上历年和本年累计完成的投资"),
    _RATE,
    _percent("time_progress", "序时进度", "报告月份 ÷ 12"),
    _GAP,
    Column("light", "红黄绿灯", "", "红灯、黄灯、绿灯，或“无”（本年度无计划投资）；规则见“关于本栏目”"),
    Column("light_reason", "亮灯原因", "", ""),
    Column("planned_start", "计划开工日期", _DATE, ""),
    Column("actual_start", "实际开工日期", _DATE, "截至报告月份底尚未开工的为空"),
    Column("planned_completion", "计划竣工日期", _DATE, ""),
    Column("actual_completion", "实际竣工日期", _DATE, "尚未竣工的为空"),
    Column("started", "是否已开工", "是／否", "续建项目视为已开工"),
    Column("image", "最新形象进度", "", "最近一次报送的形象进度"),
    Column("last_report", "最近报送月份", "年-月", "截至报告月份最近一次报送月度进度的月份"),
    Column("reported", "本月已报送", "是／否",
           "报告月份是否报送了月度进度；“否”即网站上的“未报”，数字沿用最近一次报送的"),
    Column("approvals_total", "联审联批事项数", "项", ""),
    Column("approvals_done", "联审联批已办结数", "项", "截至报告月份底已办结的事项"),
    Column("open_problems", "未解决问题数", "个", "截至报告月份底问题台账中未解决的问题"),
    Column("overdue_problems", "逾期问题数", "个", "未解决且已过办结时限的问题"),
    Column("weeks_visited", "现场办公周数", "周", "有现场办公记录的整周数"),
    Column("weeks", "应现场办公周数", "周", "统计起始日所在周至报告月份底的整周数"),
    Column("month", "数据截至月份", "年-月", "报告月份"),
    Column("url", "项目网页", "网址", ""),
    Column("json", "项目数据", "网址", "本项目的全部公开数据（JSON）"),
))

PROGRESS = Table("progress", "月度进度", "每个项目每个报送月份一行；未报送的月份没有行", (
    _PROJECT,
    _PROJECT_NAME,
    Column("month", "月份", "年-月", ""),
    _money("completed", "本年累计完成投资", "截至该月底的本年累计完成投资"),
    _money("plan", "年度计划投资", "该月所在年度的计划投资"),
    _RATE,
    _percent("time_progress", "序时进度", "该月份 ÷ 12"),
    _GAP,
    Column("image", "形象进度", "", ""),
))

PROBLEMS = Table("problems", "问题台账", "历年提出的每个问题一行，状态截至报告月份底", (
    _PROJECT,
    _PROJECT_NAME,
    Column("number", "序号", "", "该问题在项目问题台账中的序号，从 1 起"),
    Column("text", "问题", "", ""),
    Column("owners", "责任单位", "", f"多个单位用“{LIST_SEPARATOR}”分隔"),
    Column("raised", "提出日期", _DATE, ""),
    Column("meeting", "提出会议", "", "提出该问题的会议；没有时为空"),
    Column("deadline", "办结时限", _DATE, ""),
    Column("status", "状态", "", "未解决或已解决"),
    Column("overdue", "是否逾期", "是／否", "未解决且已过办结时限"),
    Column("days_overdue", "逾期天数", "天", "报告月份底距办结时限的天数；未逾期为 0"),
    Column("resolved", "解决日期", _DATE, ""),
    Column("resolution", "解决情况", "", ""),
))

DECISIONS = Table("decisions", "会议决定事项", "已印发通报的调度例会的每个决定事项一行", (
    Column("meeting", "会议", "", "会议日期和类型"),
    Column("meeting_date", "会议日期", _DATE, ""),
    Column("bulletin", "通报期号", "", "依据该会议印发的《重点项目建设通报》"),
    Column("number", "序号", "", "该事项在会议决定事项中的序号，从 1 起"),
    Column("text", "决定事项", "", ""),
    Column("owners", "责任单位", "", f"多个单位用“{LIST_SEPARATOR}”分隔"),
    Column("deadline", "完成时限", _DATE, ""),
    Column("projects", "涉及项目编号", "", f"多个项目用“{LIST_SEPARATOR}”分隔"),
    Column("project_names", "涉及项目", "", f"多个项目用“{LIST_SEPARATOR}”分隔"),
    Column("status", "落实情况", "", "截至报告月份底的落实情况：已完成或未完成"),
    Column("done", "完成日期", _DATE, "报告月份底以前完成的，完成的日期"),
    Column("overdue", "是否逾期", "是／否", "截至报告月份底未完成且已过完成时限"),
))

YEARS = Table("years", "历年名单", "每个年度名单上的每个项目一行：往年为年底的情况，本年度截至报告月份底", (
    Column("year", "年度", "年", ""),
    _PROJECT,
    _PROJECT_NAME,
    Column("kind", "建设性质", "", "这一年度的建设性质"),
    _money("plan", "年度计划投资", "这一年度的计划投资；计划尚未下达时为空"),
    _money("completed", "本年累计完成投资", "这一年度累计完成的投资"),
    _RATE,
    Column("light", "红黄绿灯", "", "这一年度年底（本年度为报告月份底）的灯色"),
    Column("month", "数据截至月份", "年-月", ""),
))

TABLES = (PROJECTS, PROGRESS, PROBLEMS, DECISIONS, YEARS)
EARLIER = "earlier_projects"  # rows of projects not on this year's list, for their own data files only
