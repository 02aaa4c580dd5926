"""`python -m generator <command>`: the staff's and CI's one entry point.

Exit status: 0 done, 1 the content (or the built site) has errors, 2 a wrong command line.
No traceback reaches the user: an unexpected failure is reported in one Chinese line, with the
details only under `--debug`.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from . import commands


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's default is English and exits 2 mid-parse
        self.print_usage(sys.stderr)
        print(f"命令行有误：{message}（用 --help 查看用法）", file=sys.stderr)
        raise SystemExit(2)


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
    build.add_argument("--docs", type=Path, default=Path("build/docs"), help="生成的 Markdown 目录（默认 build/docs）")
    build.add_argument("--no-check", action="store_true", help="跳过生成后的网站检查（仅供调试）")

    schema = sub.add_parser("schema", help="从记录模型导出 JSON Schema 到 schema/")
    schema.add_argument("--out", type=Path, default=Path("schema"))
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
