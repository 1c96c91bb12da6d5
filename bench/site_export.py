"""Time and peak memory of the full site export over 100,000 people and 1,000,000 consents.

    .venv/bin/python bench/site_export.py            # 100,000 people, 10 consents each

Options: --people N, --consents-per-person N, --reuse (keep the seeded database), --backup
(also time ``site_backup`` of the same site). Needs PostgreSQL on 127.0.0.1:5432 with trust
auth; the database ``alianza_bench_export`` (BENCH_DB to change it) is dropped and created.

The fixture is written with ``INSERT … SELECT generate_series`` in PostgreSQL itself (a
million rows in seconds); people also get an organization, a list subscription and a tag.
The export runs in this process exactly as the task does (``site_export_write`` into a
temporary file); peak memory is the process's maximum resident set (``ru_maxrss``), which
includes Django and every app already imported before the export starts.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import zipfile

os.environ.setdefault("BENCH_DB", "alianza_bench_export")

import web_common as common  # noqa: E402 - reads BENCH_DB when imported

SEED_SQL = """
INSERT INTO coalition_organization (name, normalized_name, match_key, kind, county_code, county,
    district_code, region, website, logo, languages_served, description, coalition_role,
    membership_status, created_at)
SELECT 'Familias Unidas ' || i, 'familias unidas ' || i, 'familiasunidas' || i, 'parent_group',
    '', '', '', '', '', '', '[]'::jsonb, '', '', 'member', now()
FROM generate_series(1, 500) AS i;

INSERT INTO coalition_person (name, email, phone, preferred_language, county_code, county,
    district_code, email_confirmed_at, import_extra, created_at, search_key)
SELECT 'Persona Núñez ' || i, 'person' || i || '@example.org', '+1 555 0100',
    (ARRAY['es', 'en', 'vi'])[1 + i %% 3], '01', 'Alameda', '', now(),
    jsonb_build_object('barrio', 'Fruitvale'), now() - (i || ' minutes')::interval,
    'persona nunez ' || i
FROM generate_series(1, %(people)s) AS i;

INSERT INTO coalition_affiliation (person_id, organization_id, title, is_primary_contact)
SELECT p.id, o.id, 'Voluntaria', false
FROM coalition_person p JOIN coalition_organization o ON o.id = (SELECT min(id) FROM
    coalition_organization) + p.id %% 500 WHERE p.id %% 3 = 0;

INSERT INTO coalition_consent (person_id, subject_key, kind, scope, granted, wording, language,
    source, created_at)
SELECT p.id, md5(p.email), 'email', 'updates', (n %% 2 = 0),
    'Sí, quiero recibir noticias por correo', 'es', 'bench', now() - (n || ' days')::interval
FROM coalition_person p CROSS JOIN generate_series(1, %(per_person)s) AS n;
"""


def seed(people: int, per_person: int) -> dict[str, int]:
    from django.db import connection

    from alianza.outreach.models import MailingList, Subscription, Tag

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(SEED_SQL, {"people": people, "per_person": per_person})
        updates = MailingList.objects.create(slug="updates")
        tag = Tag.objects.create(slug="parents", name="Parents")
        cursor.execute(
            f"INSERT INTO {Subscription._meta.db_table} (person_id, mailing_list_id, status, "
            "source, wording, language, submitted_name, created_at, welcome_steps_sent) "
            "SELECT id, %s, 'confirmed', 'bench', 'Yes', 'es', '', now(), 0 "
            "FROM coalition_person WHERE id %% 4 = 0", [updates.pk])
        cursor.execute(
            f"INSERT INTO {Tag.people.through._meta.db_table} (tag_id, person_id) "
            "SELECT %s, id FROM coalition_person WHERE id %% 5 = 0", [tag.pk])
        cursor.execute("ANALYZE")
    print(f"seeded in {time.perf_counter() - started:.1f} s")
    return {"people": people, "consents": people * per_person}


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--consents-per-person", type=int, default=10)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--backup", action="store_true")
    args = parser.parse_args()
    if not 1_000 <= args.people <= 1_000_000 or not 1 <= args.consents_per_person <= 50:
        parser.error("keep the run bounded: 1,000–1,000,000 people, 1–50 consents each")
    if not args.reuse:
        common.database_reset()
    common.django_setup()
    if not args.reuse:
        seed(args.people, args.consents_per_person)
    from alianza.core.site_export_build import site_export_write

    print(f"machine: {common.machine()}")
    before = rss_mb()
    steps = []
    with tempfile.NamedTemporaryFile(suffix=".zip") as target:
        started, started_cpu = time.perf_counter(), time.process_time()
        manifest = site_export_write(target, language="es",
                                     on_progress=lambda p, s: steps.append(p))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        size = target.tell()
        target.seek(0)
        with zipfile.ZipFile(target) as archive:
            consents = archive.getinfo("coalition_consent.csv").file_size
    rows = sum(entry["rows"] for entry in manifest["tables"])
    print(f"full export: {elapsed:.1f} s wall, {cpu:.1f} s CPU, {rows:,} rows in "
          f"{len(manifest['tables'])} tables, ZIP {size / 1e6:.0f} MB "
          f"(consent CSV {consents / 1e6:.0f} MB uncompressed), {len(steps)} progress updates")
    print(f"peak RSS: {before:.0f} MB before the export, {rss_mb():.0f} MB after")
    # The same rows read and dropped, in the same run: what the database and the driver
    # cost on this machine now, to set the export's own work apart from the load.
    from alianza.core.site_export import site_export_tables
    from alianza.core.site_export_build import _table_rows

    started, started_cpu = time.perf_counter(), time.process_time()
    for table in site_export_tables():
        for _row in _table_rows(table):
            pass
    print(f"reading the same rows only: {time.perf_counter() - started:.1f} s wall, "
          f"{time.process_time() - started_cpu:.1f} s CPU")
    if args.backup:
        from alianza.core.site_backup import site_backup

        with tempfile.NamedTemporaryFile(suffix=".zip") as target:
            started = time.perf_counter()
            site_backup(target)
            print(f"site_backup: {time.perf_counter() - started:.1f} s, "
                  f"{target.tell() / 1e6:.0f} MB, peak RSS {rss_mb():.0f} MB")
    print(f"load average: {common.load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
