"""`python -m generator <command>`: the staff's and CI's one entry point.

Exit status: 0 done, 1 the content (or the built site) has errors, 2 a wrong command line.
No traceback reaches the user: an unexpected failure is reported in one Chinese line, with the
details only under `--debug`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import traceback
from pathlib import Path

from . import commands

# argparse's own English, in the words staff read everywhere else
_ARGPARSE_WORDS = [
    (re.compile(r"^the following arguments are required: (.*)$"), r"缺少必填的参数：\1"),
    (re.compile(r"^unrecognized arguments: (.*)$"), r"不认识的参数：\1"),
    (re.compile(r"^argument (\S+): invalid choice: (.*) \(choose from (.*)\)$"), r"参数 \1 的取值无效：\2（可选：\3）"),
    (re.compile(r"^argument (\S+): invalid \w+ value: (.*)$"), r"参数 \1 的值无效：\2"),
    (re.compile(r"^argument (\S+): expected one argument$"), r"参数 \1 后面缺少它的值"),
]
_HELP_WORDS = [("usage:", "用法："), ("positional arguments:", "位置参数："), ("options:", "选项："),
               ("show this help message and exit", "显示本帮助并退出")]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's default is English and exits 2 mid-parse
        for pattern, chinese in _ARGPARSE_WORDS:
            message = pattern.sub(chinese, message)
        self.print_usage(sys.stderr)
        print(f"命令行有误：{message}（用 --help 查看用法）", file=sys.stderr)
        raise SystemExit(2)

    def format_usage(self) -> str:
        return self._chinese(super().format_usage())

    def format_help(self) -> str:
        return self._chinese(super().format_help())

    @staticmethod
    def _chinese(text: str) -> str:
        for english, chinese in _HELP_WORDS:
            text = text.replace(english, chinese)
        return text


def parser() -> argparse.ArgumentParser:
    main = _Parser(prog="python -m generator", description="重点项目建设公开专栏：校验内容、生成网站、导入月报。")
    main.add_argument("--debug", action="store_true", help="出错时显示 Python 调用栈（给开发人员）")
    sub = main.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    sub.required = True

    def content_option(command: argparse.ArgumentParser) -> None:
        command.add_argument("--content", type=Path, default=Path("content"), help="内容目录（默认 content）")

    validate = sub.add_parser("validate", help="校验 content/ 下的全部记录")
    content_option(validate)
    validate.add_argument("--format", choices=["text", "github"], default="text",
                          help="github：输出 GitHub Actions 注释，错误显示在拉取请求的对应行上")

    build = sub.add_parser("build", help="校验内容并生成网站（失败时保留原网站）")
    content_option(build)
    build.add_argument("--out", type=Path, default=Path("site"), help="网站输出目录（默认 site）")
    build.add_argument("--docs", type=Path, default=Path("build/docs"),
                       help="MkDocs 的素材目录（样式、脚本；页面在内存中交给 MkDocs。默认 build/docs）")
    build.add_argument("--no-check", action="store_true", help="跳过生成后的网站检查（仅供调试）")

    check_site = sub.add_parser("check-site", help="检查生成的网站：外部资源、内联脚本、断链、项目页大小")
    check_site.add_argument("site", type=Path, nargs="?", default=Path("site"), metavar="目录",
                            help="网站目录（默认 site）")
    check_site.add_argument("--base-path", help="网站在域名下的路径，如 /zdxm/（默认按生成时 site.yml 的 base_url）")

    schema = sub.add_parser("schema", help="从记录模型导出 JSON Schema 到 schema/")
    schema.add_argument("--out", type=Path, default=Path("schema"))

    template = sub.add_parser("report-template", help="生成某月的月报填报表（.xlsx），发给责任单位填写")
    template.add_argument("--month", required=True, help="填报月份，如 2021-08（须在列入名单的年度内）")
    content_option(template)
    template.add_argument("-o", "--output", type=Path, help="输出文件（默认 <县名>重点项目月报-<月份>.xlsx）")
    template.add_argument("--unit", help="只列出这个责任单位（units.yml 中的编号）的项目")
    template.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")

    importer = sub.add_parser("import-report", help="把填好的月报表写入项目记录；有任何错误则什么都不写")
    importer.add_argument("file", type=Path, metavar="文件", help="填好的月报表：.xlsx，或 UTF-8 / GBK 编码的 .csv")
    content_option(importer)
    importer.add_argument("--confirm", metavar="说明",
                          help="表中数字看起来异常、但已和填表单位核实无误时，写明原因；说明会记在项目记录里")
    importer.add_argument("--date", type=dt.date.fromisoformat, help="报送日期（默认今天），记在新的月度进度里")

    new_project = sub.add_parser("new-project", help="用带注释的模板新建一个项目记录 content/projects/<编号>.yml")
    new_project.add_argument("id", metavar="编号", help="项目编号：小写英文字母、数字和连字符，如 hengyuan-food")
    content_option(new_project)

    meeting = sub.add_parser("new-meeting", help="用带注释的模板新建一次会议的记录 content/meetings/<日期>-<类型>.yml")
    meeting.add_argument("kind", choices=["dispatch", "review", "inspection"], metavar="类型",
                         help="dispatch 调度例会、review 观摩点评、inspection 督查")
    meeting.add_argument("--date", type=dt.date.fromisoformat, required=True, help="会议日期，如 2022-04-06")
    content_option(meeting)

    new_year = sub.add_parser("new-year", help="准备新一年的重点项目名单：把未竣工的项目结转为续建")
    new_year.add_argument("year", type=int, metavar="年份", help="要准备的年度，如 2022")
    content_option(new_year)

    status = sub.add_parser("report-status", help="某月的月报谁还没报送（按责任单位列出，附联系人）")
    status.add_argument("--month", help="月份，如 2022-02（默认：网站当前月份的下一个月，即正在收表的月份）")
    content_option(status)

    close = sub.add_parser("close-month", help="月报没有收齐、决定不再等待时，给这个月关账（未报的项目标为“未报”）")
    close.add_argument("month", metavar="月份", help="要关账的月份，如 2022-02")
    close.add_argument("--note", help="说明，如 \"旅游特色小镇项目未报，按上月数据计\"")
    close.add_argument("--date", type=dt.date.fromisoformat, help="关账日期（默认今天）")
    content_option(close)

    issue = sub.add_parser("issue", help="印发通报、小结和总评（定稿保存到 content/issued/），登记此后的更正")
    content_option(issue)
    issue.add_argument("--date", type=dt.date.fromisoformat, help="印发或登记更正的日期（默认今天），如 2022-02-08")

    convert = sub.add_parser("convert-years", help="把单年度写法的旧记录（site.yml 的 year）一次转换为多年度写法")
    content_option(convert)

    sync = sub.add_parser("sync", help="校验、提交 content/ 的改动，取回别人的修改，推送（每一步都有中文说明）")
    sync.add_argument("-m", "--message", help="这次改动的说明，如 \"2021年8月月报\"（content/ 有改动时必填）")
    content_option(sync)
    sync.add_argument("--resolve", action="store_true",
                      help="和别人改到同一处时：把两个版本都写进文件，由你改好后再运行 sync")
    sync.add_argument("--abort", action="store_true", help="放弃 --resolve 开始的合并，回到它之前的样子")

    serve = sub.add_parser("serve", help="本地预览：改了记录或模板会自动重新生成并刷新浏览器")
    content_option(serve)
    serve.add_argument("--docs", type=Path, default=Path("build/docs"), help="生成的 Markdown 目录（默认 build/docs）")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="预览地址和端口（默认 127.0.0.1:8000）")
    return main


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    try:
        return commands.run(arguments)
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except Exception as error:  # the last line of defence: one sentence, never a traceback
        if arguments.debug:
            traceback.print_exc()
        print(f"出现意外错误，操作未完成：{type(error).__name__}: {error}（加 --debug 可查看详情）", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
