"""OC4IDS parties of a project: the signboard as organisations with roles.

partyRole is an open codelist: `publicAuthority` and `independentMonitor` are the standard's own codes;
the roles of the county mechanism that it lacks are ours, named in the same camelCase style.
"""

from __future__ import annotations

from ..figures.model import SiteModel
from ..records.models import Project, Site

# role code → (Chinese name, in the OC4IDS partyRole codelist?)
ROLES = {
    "publicAuthority": ("本栏目的主办单位（重点建设项目办公室）", True),
    "contractingLeader": ("分包领导", False),
    "responsibleUnit": ("责任单位", False),
    "constructionUnit": ("建设单位", False),
    "cooperatingUnit": ("配合单位", False),
    "independentMonitor": ("派驻专职纪检监察员及其单位", True),
}
OFFICE_ID = "office"


def office_name(site: Site) -> str:
    """The office with its county: "郸城县" + "县重点建设项目办公室" → "郸城县重点建设项目办公室"."""
    office = site.office
    if office.startswith(site.county):
        return office
    if office.startswith(site.county[-1]):  # "县…" after "…县"
        office = office[1:]
    return site.county + office


def _compact(data: dict) -> dict:
    return {key: value for key, value in data.items() if value}


class _Parties:
    def __init__(self) -> None:
        self.by_id: dict[str, dict] = {}

    def add(self, party_id: str, name: str, role: str, person: str | None = None, job: str | None = None) -> None:
        party = self.by_id.setdefault(party_id, {"id": party_id, "name": name, "roles": []})
        if role not in party["roles"]:
            party["roles"].append(role)
        if person:
            people = party.setdefault("people", [])
            people.append(_compact({"id": f"{party_id}-{len(people) + 1}", "name": person, "jobTitle": job}))


def office_party(site: Site, office_url: str) -> dict:
    contact = _compact({"name": "社会监督", "telephone": site.supervision.hotline,
                        "email": site.supervision.email, "url": office_url})
    return {"id": OFFICE_ID, "name": office_name(site), "roles": ["publicAuthority"], "contactPoint": contact}


def project_parties(model: SiteModel, project: Project, office: dict) -> list[dict]:
    units, leader = model.content.units, model.content.leaders[project.leader]
    parties = _Parties()
    parties.by_id[OFFICE_ID] = office
    parties.add(f"leader-{leader.id}", leader.name, "contractingLeader", leader.name, leader.title)
    signboard = [("responsibleUnit", project.responsible), ("constructionUnit", project.builder)]
    signboard += [("cooperatingUnit", person) for person in project.cooperating]
    for role, person in signboard:
        parties.add(f"unit-{person.unit}", units[person.unit].name, role, person.person,
                    person.title or f"{ROLES[role][0]}责任人")
    inspector = project.inspector
    if inspector.unit:
        parties.add(f"unit-{inspector.unit}", units[inspector.unit].name, "independentMonitor", inspector.name,
                    "派驻专职纪检监察员")
    else:
        parties.add("inspector", inspector.name, "independentMonitor", inspector.name, "派驻专职纪检监察员")
    return list(parties.by_id.values())
