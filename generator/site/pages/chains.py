"""产业链 (链长制): one page per chain with its leader, plan, team and four lists."""

from __future__ import annotations

from collections.abc import Iterator

from ... import urls
from ...figures import fmt
from ...figures.model import SiteModel
from .common import Page, project_rows


def chain_pages(model: SiteModel) -> Iterator[Page]:
    frame = model.now.projects
    index = []
    for chain in model.content.chains.values():
        chief = model.content.leaders[chain.chief]
        members = frame[frame["id"].isin(chain.key_projects)]
        index.append({"name": chain.name, "url": urls.chain(chain.id), "chief": chief.name,
                      "chief_title": chief.title, "projects": len(members)})
        yield Page(urls.chain(chain.id), "chain.md.j2", {
            "chain": chain, "chief": chief, "rows": project_rows(model.now, members),
            "month": fmt.cn_month(model.month),
        }, chain.name)
    yield Page(urls.chains(), "chains.md.j2", {"chains": index}, "产业链")
