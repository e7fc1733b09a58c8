"""Linkwork's needs taxonomy: one ORUK taxonomy whose top terms are the need domains a link
worker assesses, each with narrower terms, so "search by need" works on any directory."""

from __future__ import annotations

import uuid
from typing import Any

from linkwork_schemas.common import NeedDomain

NAMESPACE = uuid.UUID("6f1c2b8e-4d8a-4f0e-9a51-3c1e2d7b9a40")
TAXONOMY_ID = str(uuid.uuid5(NAMESPACE, "taxonomy/needs"))
TAXONOMY_NAME = "Linkwork social prescribing needs"

NEEDS: dict[NeedDomain, tuple[str, list[str]]] = {
    NeedDomain.LONELINESS: (
        "Loneliness and social isolation",
        ["Befriending", "Social groups and lunch clubs", "Community centres"],
    ),
    NeedDomain.MENTAL_WELLBEING: (
        "Mental wellbeing",
        ["Peer support", "Arts and creativity", "Bereavement support"],
    ),
    NeedDomain.PHYSICAL_ACTIVITY: (
        "Physical activity",
        ["Walking groups", "Exercise classes", "Gardening"],
    ),
    NeedDomain.HOUSING: (
        "Housing",
        ["Housing advice", "Homelessness support", "Home repairs and adaptations"],
    ),
    NeedDomain.MONEY_AND_DEBT: (
        "Money and debt",
        ["Debt advice", "Benefits advice", "Food and fuel support"],
    ),
    NeedDomain.EMPLOYMENT: ("Employment", ["Employment support", "Volunteering"]),
    NeedDomain.EDUCATION_AND_SKILLS: (
        "Education and skills",
        ["Adult learning", "Digital skills", "English (ESOL)"],
    ),
    NeedDomain.CARING: ("Caring", ["Carers support"]),
    NeedDomain.PHYSICAL_HEALTH: (
        "Physical health",
        ["Long-term conditions", "Healthy eating", "Stop smoking"],
    ),
    NeedDomain.OTHER: ("Other support", ["Legal advice"]),
}


def term_id(need: NeedDomain, narrower: str | None = None) -> str:
    key = f"need/{need.value}" + (f"/{narrower}" if narrower else "")
    return str(uuid.uuid5(NAMESPACE, key))


def terms_of(need: NeedDomain) -> list[str]:
    """The need's own term and its narrower terms."""
    return [term_id(need), *(term_id(need, name) for name in NEEDS[need][1])]


def need_of_term(term: str) -> NeedDomain | None:
    for need in NEEDS:
        if term in terms_of(need):
            return need
    return None


def name_of_term(term: str) -> str | None:
    for need, (name, narrower) in NEEDS.items():
        if term == term_id(need):
            return name
        for child in narrower:
            if term == term_id(need, child):
                return child
    return None


def taxonomy() -> dict[str, Any]:
    """The taxonomy as an ORUK taxonomy document with its terms (imported at start)."""
    terms: list[dict[str, Any]] = []
    for need, (name, narrower) in NEEDS.items():
        top = term_id(need)
        terms.append(_term(top, name, f"Need domain: {need.value}", None, need.value))
        terms += [
            _term(term_id(need, child), child, f"{name}: {child}", top, None) for child in narrower
        ]
    return {
        "id": TAXONOMY_ID,
        "name": TAXONOMY_NAME,
        "description": "Needs a link worker assesses (PRSB what-matters domains), and the "
        "kinds of support that meet them.",
        "version": "1",
        "taxonomy_terms": terms,
    }


def _term(
    id_: str, name: str, description: str, parent: str | None, code: str | None
) -> dict[str, Any]:
    term = {
        "id": id_,
        "name": name,
        "description": description,
        "taxonomy": TAXONOMY_NAME,
        "taxonomy_id": TAXONOMY_ID,
        "term": name,
        "parent_id": parent,
        "code": code,
    }
    return {k: v for k, v in term.items() if v is not None}
