"""What each command of `python -m generator` does; `__main__.py` only parses the command line."""

from __future__ import annotations

import argparse
import sys

from .records.validate import validated


def validate(arguments: argparse.Namespace) -> int:
    content = validated(arguments)
    if content is None:
        return 1
    print(f"校验通过：{len(content.projects)} 个项目、{len(content.meetings)} 条会议记录，没有发现错误。")
    return 0


def check_site(arguments: argparse.Namespace) -> int:
    from .site.checksite import check_built_site, served_at
    from .site.policy import THEME_INLINE_SCRIPTS

    if not (arguments.site / "index.html").is_file():
        print(f"{arguments.site}/ 里没有网站（找不到 index.html）；先运行 make site。", file=sys.stderr)
        return 1
    base_path = arguments.base_path if arguments.base_path is not None else served_at(arguments.site)
    problems = check_built_site(arguments.site, base_path)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"共 {len(problems)} 处问题。", file=sys.stderr)
        return 1
    print(f"网站检查通过：{arguments.site}/ 不从其他网站加载任何资源；内联脚本只有主题自带的 "
          f"{len(THEME_INLINE_SCRIPTS)} 种，每页的内容安全策略只允许它们和本站的脚本文件；没有断链；"
          "项目页都在大小上限以内。")
    return 0


def run(arguments: argparse.Namespace) -> int:
    if arguments.command == "validate":
        return validate(arguments)
    if arguments.command == "build":
        from .site.build import build_command

        return build_command(arguments)
    if arguments.command == "check-site":
        return check_site(arguments)
    if arguments.command == "schema":
        from .records.schema import write_schemas

        for path in write_schemas(arguments.out):
            print(f"已写入 {path}")
        return 0
    if arguments.command == "report-template":
        from .office.report_template import report_template_command

        return report_template_command(arguments)
    if arguments.command == "import-report":
        from .office.import_report import import_report_command

        return import_report_command(arguments)
    if arguments.command == "new-project":
        from .office.new_project import new_project_command

        return new_project_command(arguments)
    if arguments.command == "new-meeting":
        from .office.new_meeting import new_meeting_command

        return new_meeting_command(arguments)
    if arguments.command == "new-year":
        from .office.new_year import new_year_command

        return new_year_command(arguments)
    if arguments.command == "report-status":
        from .office.monthly import report_status_command

        return report_status_command(arguments)
    if arguments.command == "close-month":
        from .office.monthly import close_month_command

        return close_month_command(arguments)
    if arguments.command == "issue":
        from .site.issue import issue_command

        return issue_command(arguments)
    if arguments.command == "convert-years":
        from .office.convert_years import convert_years_command

        return convert_years_command(arguments)
    if arguments.command == "sync":
        from .office import sync
        from .site.issue import issue_before_commit

        if issue_before_commit not in sync.BEFORE_COMMIT:  # issued documents are committed with the records
            sync.BEFORE_COMMIT.append(issue_before_commit)
        return sync.sync_command(arguments)
    if arguments.command == "serve":
        from .site.serve import serve_command

        return serve_command(arguments)
    raise AssertionError(arguments.command)
