"""Offline command line for the English-learner rules.

    python -m alianza.evidence.cli run --input FILE [--layout alianza|elpac]
        --rules ec313.1-2015 --out DIR

Everything happens on this machine; nothing is sent anywhere. The output directory gets:
``students.csv`` (student-level flags and reasons: keep it on this machine), ``seal.csv``
(per student and language), ``aggregates.csv`` (counts with small cells suppressed: safe to
share) and ``manifest.json`` (rule sets, citations, options, warnings).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import polars as pl

from alianza.evidence.rules import LocalCriteria, Options, evaluate
from alianza.evidence.rules.parsing import LayoutError
from alianza.evidence.rules.readers import read_students
from alianza.evidence.rules.registry import LTEL_RULE_SETS, RULE_SETS, SEAL_RULE_SETS
from alianza.evidence.rules.suppression import SuppressionPolicy, suppressed_aggregates


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m alianza.evidence.cli",
        description="Run California English-learner rules on student files, offline.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("rules", help="List the rule sets with their citations.")
    run = sub.add_parser("run", help="Classify students and write flags and safe aggregates.")
    run.add_argument(
        "--input",
        action="append",
        required=True,
        type=Path,
        help="Student file; repeat for several files (e.g. ELPAC files by year).",
    )
    run.add_argument("--layout", choices=("alianza", "elpac"), default="alianza")
    run.add_argument("--rules", choices=LTEL_RULE_SETS, default="ec313.1-2015")
    run.add_argument("--seal-rules", choices=SEAL_RULE_SETS, default="seal-2024")
    run.add_argument("--out", required=True, type=Path, help="Output directory.")
    run.add_argument("--school-year", type=int, help="Start year to evaluate (2024 = 2024-25).")
    run.add_argument("--as-of", type=date.fromisoformat, help="Count date (default Census Day).")
    run.add_argument(
        "--min-n", type=int, default=10, help="Suppress counts of this many or fewer (default 10)."
    )
    run.add_argument("--missing-tests", choices=("skip", "exclude"), default="skip")
    run.add_argument("--stagnation-window", choices=("most_recent", "any"), default="most_recent")
    run.add_argument(
        "--at-risk-2012-ela-year", choices=("prior_year", "fourth_us_year"), default="prior_year"
    )
    run.add_argument("--dashboard-years", type=int, default=7)
    run.add_argument(
        "--dashboard-clock", choices=("el_entry_date", "us_entry_date"), default="el_entry_date"
    )
    run.add_argument(
        "--dashboard-proficiency", choices=("reclassified", "elpac_level_4"), default="reclassified"
    )
    run.add_argument("--teacher-evaluation", choices=("column", "not_used"), default="column")
    run.add_argument("--parent-consultation", choices=("column", "not_used"), default="column")
    run.add_argument("--basic-skills", choices=("column", "caaspp", "not_used"), default="column")
    run.add_argument("--basic-skills-caaspp-level", type=int, default=2)
    run.add_argument(
        "--no-seal-sat2",
        action="store_true",
        help="Do not accept SAT II 600+ under seal-2024 (a less certain route).",
    )
    return parser


def _options(args: argparse.Namespace) -> Options:
    return Options(
        school_year=args.school_year,
        as_of=args.as_of,
        missing_test_policy=args.missing_tests,
        stagnation_window=args.stagnation_window,
        at_risk_2012_ela_year=args.at_risk_2012_ela_year,
        dashboard_years=args.dashboard_years,
        dashboard_clock_start=args.dashboard_clock,
        dashboard_proficiency=args.dashboard_proficiency,
        local_criteria=LocalCriteria(
            teacher_evaluation=args.teacher_evaluation,
            parent_consultation=args.parent_consultation,
            basic_skills=args.basic_skills,
            basic_skills_min_caaspp_level=args.basic_skills_caaspp_level,
        ),
        seal2024_accept_sat2=not args.no_seal_sat2,
    )


def _write_csv(frame: pl.DataFrame, path: Path) -> None:
    # Enum/categorical columns are written as their text; dates as ISO; grades TK and KN as
    # the state writes them, not the engine's -1 and 0.
    frame = frame.with_columns(pl.col(pl.Enum, pl.Categorical).cast(pl.String))
    if "grade" in frame.columns:
        frame = frame.with_columns(
            pl.col("grade").cast(pl.String).replace({"-1": "TK", "0": "KN"})
        )
    frame.write_csv(path)


def _write_outputs(args: argparse.Namespace, data, result, aggregates: pl.DataFrame,
                   notes: list) -> None:
    args.out.mkdir(parents=True, exist_ok=True)
    _write_csv(result.students, args.out / "students.csv")
    _write_csv(result.seal, args.out / "seal.csv")
    aggregates.write_csv(args.out / "aggregates.csv")
    manifest = {
        **result.manifest,
        "inputs": data.sources,
        "layout": args.layout,
        "suppression": {"threshold": args.min_n, "complementary": True, "notes": notes},
        "files": {
            "students.csv": "student-level flags and reasons; contains student records, "
            "keep on this machine",
            "seal.csv": "Seal of Biliteracy results per student and language; student records",
            "aggregates.csv": f"counts with cells of {args.min_n} or fewer suppressed",
        },
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str))


def run(args: argparse.Namespace) -> int:
    missing = [str(p) for p in args.input if not p.is_file()]
    if missing:
        print(f"error: input file not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        data = read_students(args.input, layout=args.layout)
        options = _options(args)
        result = evaluate(
            data.years,
            data.seal,
            rules=args.rules,
            seal_rules=args.seal_rules,
            options=options,
            warnings=data.warnings,
        )
        aggregates, notes = suppressed_aggregates(
            result, policy=SuppressionPolicy(threshold=args.min_n)
        )
    except LayoutError as exc:
        print(f"error: {exc.source + ': ' if exc.source else ''}{exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: the input could not be read ({exc.strerror or type(exc).__name__}).",
              file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - bad input gets a sentence, never a traceback
        # Only the kind of error: a traceback's values may be a student's.
        print(f"error: the file could not be processed ({type(exc).__name__}). Check that it "
              "is a CSV file in the chosen layout.", file=sys.stderr)
        return 2
    try:
        _write_outputs(args, data, result, aggregates, notes)
    except OSError as exc:
        print(f"error: could not write to {args.out} ({exc.strerror or type(exc).__name__}).",
              file=sys.stderr)
        return 2
    counts = result.manifest["counts"]
    print(
        f"Evaluated {counts['students']} students for {result.manifest['school_year']} "
        f"(as of {result.manifest['as_of']}) with {args.rules}."
    )
    for name, value in counts.items():
        print(f"  {name}: {value}")
    for warning in data.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(
        f"Wrote {args.out}/students.csv (student records: keep on this machine), "
        f"seal.csv, aggregates.csv (suppressed, n <= {args.min_n}) and manifest.json."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "rules":
        for rule in RULE_SETS.values():
            until = rule.effective_to.isoformat() if rule.effective_to else "now"
            print(f"{rule.name} ({rule.effective_from.isoformat()} to {until}): {rule.citation}")
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
