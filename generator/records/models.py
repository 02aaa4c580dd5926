"""The records: one pydantic model per kind of YAML file, and the types they share.

Titles are Chinese because they reach the staff twice: as hover help in their editor (through the
JSON Schema exported to `schema/`) and beside the key in every validation message.
Cross-record rules (references, ids, month order) live in `check.py`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64),
    Field(title="编号", description="小写英文字母、数字和连字符，用在网址里，定下后不要改"),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=120)]
Line = Annotated[str, StringConstraints(max_length=200)]  # an optional short text: an address, a phone number
Note = Annotated[str, StringConstraints(max_length=2000)]  # an optional remark
MAX_WAN = 100_000_000  # 1 万亿元: more than any county's, or province's, project; far below what a float holds
# Printed by the theme (MkDocs' site name in every page's title bar and header) where our escaping does not
# reach: HTML's special characters are refused rather than escaped, as the theme escapes it in some places
# and not in others.
ThemeText = Annotated[str, StringConstraints(min_length=1, max_length=120, pattern=r"^[^<>&\"'\\]+$")]
Month = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$"),
    Field(title="月份", description="格式 YYYY-MM，如 2021-08"),
]
Money = Annotated[
    float,
    Field(ge=0, le=MAX_WAN, allow_inf_nan=False, title="金额（万元）",
          description="单位万元，只写数字，不带“万元”和千分位逗号；最大 100000000（1 万亿元）"),
]
HttpUrl = Annotated[
    str,
    StringConstraints(pattern=r"^https?://[^\s<>\"']+$", max_length=500),
    Field(title="网址", description="以 http:// 或 https:// 开头"),
]
Score = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False, title="得分")]

Item = TypeVar("Item")


def _none_is_empty(value: object) -> object:
    return [] if value is None else value


# An optional list: `problems:` with nothing under it means none yet, as staff write it.
Items = Annotated[list[Item], BeforeValidator(_none_is_empty)]


class Record(BaseModel):
    # strict: "1200" never becomes 1200, and no key is dropped without an error.
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)


# ---- site settings (content/site.yml) --------------------------------------------------------


class Contacts(Record):
    hotline: Line | None = Field(None, title="监督电话")
    email: Line | None = Field(None, title="监督邮箱")
    address: Line | None = Field(None, title="来信地址")
    note: Note | None = Field(None, title="说明")


OverdueLight = Literal["red", "yellow", "investment"]


class LightThresholds(Record):
    green_from: float = Field(0.0, ge=-100, le=100, allow_inf_nan=False, title="绿灯下限（百分点）",
                              description="序时差不小于此值为绿灯")
    red_at: float = Field(-10.0, ge=-100, le=100, allow_inf_nan=False, title="红灯线（百分点）",
                          description="序时差小于或等于此值为红灯")
    overdue: OverdueLight = Field(
        "red", title="逾期未竣工的灯",
        description="过了计划竣工日期仍未竣工的项目：red 亮红灯（默认）；yellow 至少亮黄灯；"
                    "investment 仍按投资完成率亮灯（理由中照样写明逾期）")


class Category(Record):
    id: Slug
    name: Name = Field(title="类别名称")


class Area(Record):
    id: Slug
    name: Name = Field(title="区域名称")


class Criterion(Record):
    id: Slug
    name: Name = Field(title="评分项")
    max_score: Score = Field(title="满分")


Datum = Literal["GCJ-02", "WGS-84"]


class MapSettings(Record):
    datum: Datum = Field(
        "GCJ-02", title="坐标系",
        description="项目经纬度的坐标系：从高德、腾讯地图取的点是 GCJ-02，手机 GPS、照片里的位置是 WGS-84；"
                    "网站和下载数据一律换算成 WGS-84。百度地图的坐标（BD-09）不能直接用",
    )
    review_number: Name | None = Field(
        None, title="审图号",
        description="区域轮廓所依据底图的审图号，如 GS（2019）1822号；不填时地图只画项目位置，标为“示意图”",
    )
    base_map: Name | None = Field(None, title="底图名称", description="轮廓取自哪一份已审核的底图，显示在地图下方")
class DocumentSettings(Record):
    issuer: Name | None = Field(
        None, title="发文机关", description="Word 文档版头中的发文机关全称，如 郸城县重点建设项目办公室；留空用主办单位"
    )
    copy_to: Items[Name] = Field(default_factory=list, title="抄送", description="版记中的抄送机关，按排列顺序")
    printer: Name | None = Field(None, title="印发机关", description="版记中的印发机关；留空同发文机关")


class Site(Record):
    title: ThemeText = Field(title="网站名称")
    county: ThemeText = Field(title="县（市、区）名")
    office: Name = Field(title="主办单位", description="如 县重点建设项目办公室")
    base_url: HttpUrl = Field(title="网站地址", description="二维码、订阅源和站点地图使用的公开网址")
    reporting_month: Month | None = Field(
        None, title="报告月份",
        description="留空时取有进度数据的最后一个月；填写后全站以该月为准（也决定网站当前显示哪一年）",
    )
    demo: bool = Field(False, title="示例数据", description="true 时每页显示“示例数据”提示")
    icp: Line | None = Field(None, title="ICP 备案号")
    supervision: Contacts = Field(default_factory=Contacts, title="社会监督渠道")
    lights: LightThresholds = Field(default_factory=LightThresholds, title="红黄绿灯阈值")
    visits_since: dt.date | None = Field(
        None, title="现场办公统计起始日",
        description="从这一天所在周起统计每周现场办公（机制建立之日）；每年从 1 月 1 日与它较晚的一天起算",
    )
    fixed_attendees: Items[Slug] = Field(default_factory=list, title="调度例会固定参会单位")
    categories: list[Category] = Field(min_length=1, title="项目类别")
    areas: list[Area] = Field(min_length=1, title="所在区域（乡镇、街道、园区）")
    review_criteria: Items[Criterion] = Field(default_factory=list, title="观摩点评评分项")
    map: MapSettings = Field(default_factory=MapSettings, title="地图")
    oc4ids_prefix: str = Field(
        pattern=r"^oc4ids-[a-z0-9]{6}-$", title="OC4IDS 项目编号前缀",
        description="向 Open Contracting Partnership 登记的本县项目编号前缀，如 oc4ids-bu3kcz-；"
                    "oc4ids-sample- 是示例数据用的前缀，正式发布（demo: false）前要换成登记的前缀")
    documents: DocumentSettings = Field(default_factory=DocumentSettings, title="Word 文档（公文格式）的版头和版记")


# ---- organisations, leaders, chains -----------------------------------------------------------


UnitKind = Literal["县直单位", "乡镇街道", "园区", "企业", "其他"]


class Unit(Record):
    id: Slug
    name: Name = Field(title="单位名称")
    kind: UnitKind = Field("县直单位", title="单位类型")
    contact: Line | None = Field(None, title="月报联系人", description="催报月报时找谁、怎么联系，如 张敏 0394-3210001")


class Units(Record):
    units: list[Unit] = Field(min_length=1, title="单位")


class Leader(Record):
    id: Slug
    name: Name = Field(title="姓名")
    title: Name = Field(title="职务")


class Leaders(Record):
    leaders: list[Leader] = Field(min_length=1, title="分包领导")


class Chain(Record):
    id: Slug
    name: Name = Field(title="产业链名称")
    chief: Slug = Field(title="链长", description="leaders.yml 中的领导编号")
    plan: Text = Field(title="一个方案")
    team: Items[Name] = Field(default_factory=list, title="一套班子")
    key_matters: Items[Text] = Field(default_factory=list, title="重点事项清单")
    key_parks: Items[Name] = Field(default_factory=list, title="重点园区清单")
    key_enterprises: Items[Name] = Field(default_factory=list, title="重点企业清单")
    key_projects: Items[Slug] = Field(default_factory=list, title="重点项目清单", description="项目编号")


class Chains(Record):
    chains: Items[Chain] = Field(default_factory=list, title="产业链")


# ---- projects (content/projects/<id>.yml) -----------------------------------------------------


class Person(Record):
    unit: Slug = Field(title="单位", description="units.yml 中的单位编号")
    person: Name = Field(title="责任人")
    title: Line | None = Field(None, title="职务")


class Inspector(Record):
    name: Name = Field(title="姓名")
    unit: Slug | None = Field(None, title="所在单位")


class Location(Record):
    area: Slug = Field(title="所在区域", description="site.yml 中 areas 的编号")
    address: Line | None = Field(None, title="地址")
    latitude: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False, title="纬度")
    longitude: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False, title="经度")
    datum: Datum | None = Field(None, title="坐标系", description="留空时用 site.yml 中 map.datum 的坐标系")


class Milestone(Record):
    name: Name = Field(title="节点")
    planned: dt.date = Field(title="计划完成日期", description="定下计划时的日期（基线），以后不改")
    actual: dt.date | None = Field(None, title="实际完成日期")
    forecast: dt.date | None = Field(
        None, title="预计完成日期",
        description="节点推迟时写现在预计的完成日期，planned 保持原计划不变；网页同时显示两者和推迟的天数")


class Approval(Record):
    name: Name = Field(title="审批事项")
    unit: Slug | None = Field(None, title="办理部门")
    status: Literal["未办理", "办理中", "已办结"] = Field(title="状态")
    completed: dt.date | None = Field(None, title="办结日期")


class Factor(Record):
    kind: Literal["用地", "用能", "用工", "资金", "环境容量", "其他"] = Field(title="要素类型")
    need: Text = Field(title="需求")
    status: Literal["已保障", "保障中", "未保障"] = Field(title="保障状态")
    note: Note | None = Field(None, title="说明")


class Photo(Record):
    file: MediaPath
    caption: Name = Field(title="说明", description="拍的是什么，如 3号车间主体封顶")
    taken: dt.date = Field(title="拍摄日期")


class Progress(Record):
    month: Month
    completed: Money = Field(title="本年累计完成投资（万元）", description="该月所在年度 1 月起累计完成的投资")
    image: Text = Field(title="形象进度")
    photos: Items[Photo] = Field(default_factory=list, title="现场照片", description="content/media/ 下的照片文件")
    reported: dt.date | None = Field(None, title="报送日期",
                                     description="这个月的月报导入的日期（import-report 自动填写）")
    confirmed: Note | None = Field(
        None, title="核实说明",
        description="本月数字看起来异常（如比平时多出很多）但经核实无误时，写明原因（import-report --confirm 写入）",
    )


# ---- the office's month (content/months.yml) ---------------------------------------------------------------


class ClosedMonth(Record):
    month: Month
    date: dt.date = Field(title="关账日期")
    note: Note | None = Field(None, title="说明", description="如 旅游特色小镇项目未报，按上月数据计")


class Months(Record):
    """Months the office closed before every project on the list had reported (python -m generator close-month)."""

    closed: Items[ClosedMonth] = Field(default_factory=list, title="已关账的月份")


Kind = Literal["新开工", "续建", "前期"]


class ProjectYear(Record):
    """One year on the county's key-project list: what the project is that year and what it is to do."""

    year: int = Field(ge=2000, le=2100, title="年度")
    kind: Kind = Field(title="建设性质", description="这一年的建设性质：新开工 / 续建 / 前期")
    annual_plan: Money | None = Field(
        title="年度计划投资（万元）", description="这一年计划完成的投资；留空表示计划尚未下达（暂不亮灯）"
    )


class Problem(Record):
    raised: dt.date = Field(title="提出日期")
    meeting: Slug | None = Field(
        None, title="提出的会议", description="会议记录的文件名（不含 .yml），如 2021-05-10-dispatch"
    )
    text: Text = Field(title="问题")
    owners: list[Slug] = Field(min_length=1, title="责任单位")
    deadline: dt.date = Field(title="办结时限")
    status: Literal["未解决", "已解决"] = Field(title="状态")
    resolved: dt.date | None = Field(None, title="解决日期")
    resolution: Note | None = Field(None, title="解决情况")


class Visit(Record):
    date: dt.date = Field(title="日期")
    leader: Slug | None = Field(None, title="分包领导")
    unit: Slug | None = Field(None, title="责任单位")
    note: Text = Field(title="现场办公内容")


class Link(Record):
    title: Name = Field(title="标题")
    url: HttpUrl


MediaPath = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$", max_length=200),
    Field(title="文件", description="content/media/ 下的相对路径，如 hengyuan-food/2021-08.jpg"),
]


class Attachment(Record):
    file: MediaPath
    title: Name = Field(title="说明")


class Project(Record):
    id: Slug
    name: Name = Field(title="项目名称")
    category: Slug = Field(title="项目类别", description="site.yml 中 categories 的编号")
    location: Location = Field(title="建设地点")
    description: Text = Field(title="建设内容")
    leader: Slug = Field(title="分包领导", description="leaders.yml 中的领导编号")
    responsible: Person = Field(title="责任单位")
    builder: Person = Field(title="建设单位")
    cooperating: Items[Person] = Field(default_factory=list, title="配合单位")
    inspector: Inspector = Field(title="派驻专职纪检监察员")
    total_investment: Money = Field(title="总投资（万元）")
    completed_before: Money = Field(
        0, title="列入名单前已完成投资（万元）",
        description="第一次列入重点项目名单那一年之前已完成的投资，计入“开工以来累计完成投资”",
    )
    years: list[ProjectYear] = Field(
        min_length=1, title="列入重点项目名单的年度",
        description="每年一项：年度、这一年的建设性质和年度计划投资（python -m generator new-year 添加）",
    )
    planned_start: dt.date | None = Field(None, title="计划开工日期")
    actual_start: dt.date | None = Field(None, title="实际开工日期")
    planned_completion: dt.date | None = Field(None, title="计划竣工日期")
    actual_completion: dt.date | None = Field(None, title="实际竣工日期", description="竣工验收的日期；竣工后填写")
    measures: Items[Text] = Field(default_factory=list, title="推进措施")
    milestones: Items[Milestone] = Field(default_factory=list, title="推进计划与时间节点（倒排工期）")
    approvals: Items[Approval] = Field(default_factory=list, title="联审联批事项")
    factors: Items[Factor] = Field(default_factory=list, title="要素保障")
    progress: Items[Progress] = Field(default_factory=list, title="月度进度")
    problems: Items[Problem] = Field(default_factory=list, title="问题台账")
    visits: Items[Visit] = Field(default_factory=list, title="现场办公")
    links: Items[Link] = Field(default_factory=list, title="相关链接")
    attachments: Items[Attachment] = Field(default_factory=list, title="现场照片与附件")

    def on_list(self, year: int) -> ProjectYear | None:
        """The project's entry for `year`, or None when it is not on that year's list."""
        return next((entry for entry in self.years if entry.year == year), None)


# ---- meetings (content/meetings/<date>-<kind>.yml) --------------------------------------------


class Attendance(Record):
    unit: Slug = Field(title="单位")
    person: Line | None = Field(None, title="参会人")
    status: Literal["出席", "请假", "替会", "缺席"] = Field(title="出席情况")
    substitute: Line | None = Field(None, title="替会人")
    reason: Note | None = Field(None, title="事由")


class Mention(Record):
    unit: Slug | None = Field(None, title="单位")
    project: Slug | None = Field(None, title="项目")
    reason: Text = Field(title="事由")


class Decision(Record):
    text: Text = Field(title="决定事项")
    owners: list[Slug] = Field(min_length=1, title="责任单位")
    deadline: dt.date = Field(title="完成时限")
    projects: Items[Slug] = Field(default_factory=list, title="涉及项目")
    status: Literal["未完成", "已完成"] = Field("未完成", title="落实情况")
    done: dt.date | None = Field(None, title="完成日期")


class ProjectScore(Record):
    project: Slug = Field(title="项目")
    scores: dict[str, Score] = Field(title="各项得分", description="键为 site.yml 中 review_criteria 的编号")
    comment: Note | None = Field(None, title="点评")


class Remark(Record):
    project: Slug | None = Field(None, title="项目", description="观摩项目的编号（与 unit 二选一）")
    unit: Slug | None = Field(None, title="单位", description="units.yml 中的单位编号（与 project 二选一）")
    praise: Text | None = Field(None, title="肯定的成绩")
    improve: Text | None = Field(None, title="需要整改的问题")
    deadline: dt.date | None = Field(None, title="整改时限", description="填写了 improve 时必填，格式 YYYY-MM-DD")


class Finding(Record):
    project: Slug = Field(title="项目")
    text: Text = Field(title="督查发现")


class MeetingBase(Record):
    date: dt.date = Field(title="日期")
    title: Name | None = Field(None, title="标题")
    convener: Slug | None = Field(None, title="召集人", description="leaders.yml 中的领导编号")
    place: Line | None = Field(None, title="地点")
    summary: Text | None = Field(None, title="概要")
    attendance: Items[Attendance] = Field(default_factory=list, title="出席情况")
    praised: Items[Mention] = Field(default_factory=list, title="表扬")
    criticised: Items[Mention] = Field(default_factory=list, title="批评")


class DispatchMeeting(MeetingBase):
    kind: Literal["dispatch"] = Field(title="会议类型：调度例会")
    reporting_month: Month = Field(title="通报月份", description="本次通报所依据的进度月份")
    reported: Items[Slug] = Field(default_factory=list, title="汇报项目")
    decisions: Items[Decision] = Field(default_factory=list, title="会议决定事项")


class ReviewMeeting(MeetingBase):
    kind: Literal["review"] = Field(title="会议类型：观摩点评")
    visited: list[Slug] = Field(min_length=1, title="观摩项目")
    scores: Items[ProjectScore] = Field(default_factory=list, title="评分")
    remarks: Items[Remark] = Field(
        default_factory=list, title="点评意见", description="对项目或单位的点评：肯定什么、整改什么、何时整改到位"
    )


class InspectionMeeting(MeetingBase):
    kind: Literal["inspection"] = Field(title="会议类型：督查")
    findings: Items[Finding] = Field(default_factory=list, title="督查发现")


Meeting = Annotated[
    DispatchMeeting | ReviewMeeting | InspectionMeeting,
    Field(discriminator="kind"),
]
MEETING_KIND_NAMES = {"dispatch": "调度例会", "review": "观摩点评", "inspection": "督查"}


# ---- issued documents (content/issued/…/*.json, written by `python -m generator issue`) ---------------------


class Machine(Record):
    """A record written by our own tools as JSON, where dates can only be text: read leniently."""

    model_config = ConfigDict(extra="forbid", strict=False)


class CorrectionItem(Machine):
    project: Slug | None = Field(None, title="项目", description="涉及的项目；全县合计数字为空")
    what: Text = Field(title="更正的内容")
    was: str = Field(title="通报原载")
    now: str = Field(title="现据记录")


class Corrections(Machine):
    """The corrections recorded on one day, for every issued document they touch (by its key, such as
    `bulletins/2021-09`). Each record is a file of its own, so that two clerks' never collide in git."""

    date: dt.date = Field(title="更正日期")
    documents: dict[str, list[CorrectionItem]] = Field(min_length=1, title="各文件的更正事项")


def _before_overdue_lights(value: object) -> object:
    """A document issued before lights took 逾期未竣工 into account was issued without it: its lights stand."""
    if isinstance(value, dict) and "overdue" not in value:
        return {**value, "overdue": "investment"}
    return value


IssuedThresholds = Annotated[LightThresholds, BeforeValidator(_before_overdue_lights)]


class IssuedDocument(Machine):
    """A bulletin, half-year summary or year-end evaluation as it was issued: what it printed (`page`) and the
    figures later records are compared with (`figures`). The file never changes once written."""

    format: Literal[1] = Field(title="文件格式版本")
    document: Literal["bulletin", "summary"] = Field(title="文件类型")
    year: int = Field(ge=2000, le=2100, title="年度")
    number: int | None = Field(None, ge=1, title="期号", description="通报的期号；小结和总评为空")
    half: bool | None = Field(None, title="是否为半年小结", description="小结和总评才有")
    meeting: Slug | None = Field(None, title="调度例会", description="通报所依据的调度例会记录")
    month: Month = Field(title="通报月份")
    issued: dt.date = Field(title="印发日期")
    thresholds: IssuedThresholds = Field(title="印发时的红黄绿灯阈值")
    page: dict = Field(title="印发的内容")
    figures: dict = Field(title="用于核对更正的数字")
