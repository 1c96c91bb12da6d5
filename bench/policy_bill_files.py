"""A made-up but realistic session of California bills as Open States v3 API pages.

    from policy_bill_files import write_session, change_bills

Bills are numbered as the Legislature numbers them (AB 1..., SB 1..., resolutions and
constitutional amendments), each with 10-40 actions following the path of a California bill
(introduction, referral, committee votes, floor, the other house, the governor) and stopping
where bills stop, 1-6 sponsors from a fictional roster of 80 Assembly Members and 40
Senators, 1-5 versions as HTML and PDF, and the roll calls of its votes, voter by voter, as
the API returns them with ``include=votes``. Pages hold 20 bills, the API's maximum.
Everything is fictional; the generator is deterministic for a given seed.
"""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path

SESSION = "20232024"
CA = {"id": "ocd-jurisdiction/country:us/state:ca/government", "name": "California",
      "classification": "state"}
HOUSES = {"lower": {"id": "ocd-organization/bench-assembly", "name": "Assembly",
                    "classification": "lower"},
          "upper": {"id": "ocd-organization/bench-senate", "name": "Senate",
                    "classification": "upper"}}
GOVERNOR = {"id": "ocd-organization/bench-governor", "name": "Governor",
            "classification": "executive"}
KINDS = [("AB", 3000, "bill"), ("SB", 1550, "bill"), ("ACA", 10, "constitutional amendment"),
         ("SCA", 5, "constitutional amendment"), ("ACR", 150, "concurrent resolution"),
         ("SCR", 120, "concurrent resolution"), ("AJR", 15, "joint resolution"),
         ("SJR", 10, "joint resolution"), ("HR", 90, "resolution"), ("SR", 50, "resolution")]
COMMITTEES = ["ED", "APPR", "HEALTH", "JUD", "B. & P.", "GOV. & F.", "HUM. S.", "L. GOV.",
              "NAT. RES.", "TRANS.", "BUDGET", "HIGHER ED."]
TOPICS = ["Pupil instruction", "English learners", "School finance", "Teacher credentialing",
          "Child care", "Public health", "Housing", "Transportation", "Water", "Elections",
          "Local government", "Criminal procedure", "Employment", "Taxation", "Energy"]
DETAILS = ["dual language immersion", "reporting requirements", "grant program",
           "pilot program", "data collection", "eligibility", "funding formula", "task force",
           "notice to parents", "workforce", "extension of operation", "annual report"]
GIVEN = ["Ana", "Luis", "María", "José", "Rosa", "David", "Elena", "Marco", "Julia", "Hugo",
         "Grace", "Kevin", "Linda", "Tom", "Priya", "Wei", "Fatima", "Omar", "Sara", "Noah"]
FAMILY = ["Aguilar", "Baker", "Chen", "Diaz", "Evans", "Flores", "Garcia", "Hughes", "Ito",
          "Jensen", "Khan", "Lopez", "Moreno", "Nguyen", "Ortiz", "Patel", "Quinn", "Reyes",
          "Singh", "Torres", "Ueda", "Vargas", "Walker", "Xu", "Young", "Zamora"]


def roster() -> list[dict]:
    """120 fictional legislators with Open States-style ids."""
    rng = random.Random(7)
    people = []
    for index in range(120):
        chamber = "lower" if index < 80 else "upper"
        people.append({
            "id": f"ocd-person/bench-{index:04d}",
            "name": f"{rng.choice(GIVEN)} {FAMILY[index % len(FAMILY)]}{index // 26 or ''}",
            "party": rng.choice(["Democratic", "Republican"]),
            "current_role": {"title": "Assemblymember" if chamber == "lower" else "Senator",
                             "org_classification": chamber,
                             "district": str(index % 80 + 1 if chamber == "lower"
                                             else index - 79)},
            "chamber": chamber})
    return people


def _action(order, date, house, description, classification):
    return {"id": f"bench-action-{order}", "organization": house, "description": description,
            "date": date.isoformat(), "classification": classification, "order": order,
            "related_entities": []}


def _vote(rng, bill_id, n, date, house, motion, people, passed):
    members = [p for p in people if p["chamber"] == house["classification"]]
    voters = rng.sample(members, rng.randint(7, 15)) if "Com." in motion or "Do pass" in \
        motion else members
    options = [("yes" if rng.random() < (0.75 if passed else 0.35) else
                rng.choice(["no", "other"])) for _ in voters]
    counts = {o: options.count(o) for o in ("yes", "no", "other")}
    return {"id": f"ocd-vote/{bill_id}-{n}", "motion_text": motion,
            "motion_classification": ["passage"] if "Third" in motion else [],
            "start_date": date.isoformat(), "result": "pass" if passed else "fail",
            "identifier": "", "extras": {}, "organization": house,
            "votes": [{"id": f"{bill_id}-{n}-{i}", "option": o, "voter_name":
                       p["name"].split()[-1], "voter": None}
                      for i, (p, o) in enumerate(zip(voters, options, strict=True))],
            "counts": [{"option": o, "value": v} for o, v in counts.items()],
            "sources": []}


def make_bill(rng: random.Random, prefix: str, number: int, classification: str,
              people: list[dict]) -> dict:
    identifier = f"{prefix} {number}"
    bill_id = f"ocd-bill/bench-{prefix.lower()}-{number}"
    origin = "upper" if prefix.startswith("S") else "lower"
    other = "lower" if origin == "upper" else "upper"
    day = datetime.date(2023, 1, 5) + datetime.timedelta(days=rng.randrange(420))
    wanted = rng.randint(10, 40)
    actions, votes = [], []

    def add(house, description, kinds, gap=(1, 20)):
        nonlocal day
        day += datetime.timedelta(days=rng.randint(*gap))
        actions.append(_action(len(actions) + 1, day,
                               GOVERNOR if house == "governor" else HOUSES[house],
                               description, kinds))

    add(origin, "Introduced. To print.", ["introduction"], (0, 0))
    add(origin, "Read first time.", ["reading-1"], (0, 2))
    for house in (origin, other):
        if len(actions) >= wanted:
            break
        for _hearing in range(rng.randint(1, 3)):
            committee = rng.choice(COMMITTEES)
            add(house, f"Referred to Com. on {committee}.", ["referral-committee"])
            if rng.random() < 0.4:
                add(house, f"From committee chair, with author's amendments: Amend, and "
                           f"re-refer to Com. on {committee}. Read second time and amended.",
                    ["amendment-passage"])
            passed = rng.random() < 0.8
            motion = f"Do pass and re-refer to Com. on {rng.choice(COMMITTEES)}."
            votes.append(_vote(rng, bill_id, len(votes), day, HOUSES[house], motion, people,
                               passed))
            if not passed:
                add(house, "In committee: Set, first hearing. Failed passage.",
                    ["committee-failure"])
                break
            add(house, f"From committee: {motion} (Ayes 9. Noes 3.)", ["committee-passage"])
        if actions[-1]["classification"] == ["committee-failure"]:
            break
        while len(actions) < wanted - 6 and rng.random() < 0.5:
            add(house, "Read second time. Ordered to third reading.", ["reading-2"], (1, 5))
            add(house, "Ordered to inactive file at the request of the author.", [], (1, 9))
        add(house, "Read second time. Ordered to third reading.", ["reading-2"], (1, 5))
        motion = f"{identifier} Third Reading"
        votes.append(_vote(rng, bill_id, len(votes), day, HOUSES[house], motion, people, True))
        add(house, "Read third time. Passed. (Ayes 54. Noes 20.)", ["passage", "reading-3"])
        if house == origin:
            add(other, "In Senate. Read first time. To Com. on RLS. for assignment."
                if other == "upper" else "In Assembly. Read first time. Held at Desk.",
                ["reading-1"])
    else:
        if classification == "bill":
            add(origin, "Enrolled and presented to the Governor at 3 p.m.",
                ["executive-receipt"])
            if rng.random() < 0.85:
                add("governor", "Approved by the Governor.", ["executive-signature"])
                add("governor", f"Chaptered by Secretary of State - Chapter {number}, "
                                "Statutes of 2024.", ["became-law"], (0, 0))
            else:
                add("governor", "Vetoed by Governor.", ["executive-veto"])
    while len(actions) < wanted:
        add(origin, "From printer. May be heard in committee.", [], (0, 3))
    authors = [p for p in people if p["chamber"] == origin]
    sponsors = [rng.choice(authors)] + rng.sample(people, rng.randint(0, 5))
    topic = rng.choice(TOPICS)
    version_dates = sorted({a["date"] for a in actions[:: max(1, len(actions) // 4)]})
    return {
        "id": bill_id, "session": SESSION, "jurisdiction": CA,
        "from_organization": HOUSES[origin], "identifier": identifier,
        "title": f"{topic}: {rng.choice(DETAILS)}.", "classification": [classification],
        "subject": rng.sample(TOPICS, rng.randint(1, 3)), "extras": {},
        "created_at": "2023-01-06T05:00:00+00:00", "updated_at": "2024-10-01T05:00:00+00:00",
        "openstates_url": f"https://openstates.org/ca/bills/{SESSION}/"
                          f"{identifier.replace(' ', '')}/",
        "first_action_date": actions[0]["date"], "latest_action_date": actions[-1]["date"],
        "latest_action_description": actions[-1]["description"],
        "abstracts": [{"abstract": f"Existing law governs {topic.lower()}. This bill would "
                                   f"change {rng.choice(DETAILS)}. " * rng.randint(2, 6),
                       "note": "Legislative Counsel's Digest"}],
        "sponsorships": [{"id": f"{bill_id}-s{i}", "name": p["name"].split()[-1],
                          "entity_type": "person", "organization": None,
                          "person": None if i % 4 == 3 else
                          {k: p[k] for k in ("id", "name", "party", "current_role")},
                          "primary": i == 0, "classification": "primary" if i == 0
                          else "cosponsor"} for i, p in enumerate(sponsors)],
        "actions": actions,
        "versions": [{"id": f"{bill_id}-v{i}", "note": note, "date": date,
                      "classification": "", "links": [
                          {"url": f"https://example.org/{bill_id[9:]}/{i}.html",
                           "media_type": "text/html"},
                          {"url": f"https://example.org/{bill_id[9:]}/{i}.pdf",
                           "media_type": "application/pdf"}]}
                     for i, (note, date) in enumerate(zip(
                         ["Introduced", "Amended Assembly", "Amended Senate", "Enrolled",
                          "Chaptered"], version_dates, strict=False))],
        "votes": votes,
        "sources": [{"url": f"https://example.org/{bill_id[9:]}", "note": ""}],
    }


def write_session(folder: Path, *, bills: int = 5000, seed: int = 2024) -> list[Path]:
    """Write ``bills`` bills as 20-bill pages into ``folder``; returns the files."""
    rng = random.Random(seed)
    people = roster()
    numbers = [(prefix, n, kind) for prefix, count, kind in KINDS
               for n in range(1, count + 1)][:bills]
    records = [make_bill(rng, prefix, n, kind, people) for prefix, n, kind in numbers]
    pages = [records[i:i + 20] for i in range(0, len(records), 20)]
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for index, page in enumerate(pages, start=1):
        path = folder / f"bills-{SESSION}-{index:04d}.json"
        path.write_text(json.dumps({
            "results": page, "pagination": {"per_page": 20, "page": index,
                                            "max_page": len(pages),
                                            "total_items": len(records)}}), encoding="utf-8")
        files.append(path)
    return files


def change_bills(files: list[Path], *, count: int = 100, seed: int = 99) -> list[str]:
    """Give ``count`` bills a new action (and every third a new vote and title), as a
    day of legislative business would; rewrites their pages; returns their identifiers."""
    rng = random.Random(seed)
    chosen = set(rng.sample(range(len(files) * 20), count))
    changed = []
    for page_index, path in enumerate(files):
        wanted = {i % 20 for i in chosen if i // 20 == page_index}
        if not wanted:
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for slot in sorted(wanted):
            if slot >= len(data["results"]):
                continue
            bill = data["results"][slot]
            last = datetime.date.fromisoformat(bill["actions"][-1]["date"])
            day = last + datetime.timedelta(days=3)
            bill["actions"].append(_action(len(bill["actions"]) + 1, day,
                                           bill["from_organization"],
                                           "From committee: Do pass as amended. (Ayes 8. "
                                           "Noes 2.)", ["committee-passage"]))
            if slot % 3 == 0:
                bill["title"] += " (amended)"
                bill["votes"].append({**bill["votes"][0], "id": bill["id"] + "-new",
                                      "start_date": day.isoformat(),
                                      "motion_text": "Do pass as amended."})
            bill["updated_at"] = f"{day.isoformat()}T05:00:00+00:00"
            changed.append(bill["identifier"])
        path.write_text(json.dumps(data), encoding="utf-8")
    return changed
