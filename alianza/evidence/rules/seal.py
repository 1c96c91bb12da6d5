"""State Seal of Biliteracy eligibility (EC 51460-51464) per student and language, under
``seal-2017`` and ``seal-2024``, with the evidence that qualified each student."""

from __future__ import annotations

import polars as pl

from .features import STATUS, status
from .options import Options

Criteria = dict[str, pl.Expr]


def _route(met: pl.Expr, evidence: pl.Expr) -> pl.Expr:
    """A route is met, not met, or missing (no evidence given for it)."""
    return status(met, missing=evidence.is_null())


def english_routes(rule_set: str) -> Criteria:
    gpa, done = pl.col("ela_gpa"), pl.col("ela_coursework_complete")
    g11 = pl.col("grade11_ela")
    coursework_gpa = 2.0 if rule_set == "seal-2017" else 3.0
    routes: Criteria = {
        "seal_en_coursework": _route(
            done & (gpa >= coursework_gpa),
            pl.when(done.is_null() | gpa.is_null()).then(None).otherwise(1),
        ),
        "seal_en_caaspp": _route(g11 >= 3, g11),
    }
    if rule_set == "seal-2024":
        ap, ib, sat = (
            pl.col("ap_english_score"),
            pl.col("ib_english_score"),
            pl.col("sat_ebrw_score"),
        )
        routes["seal_en_ap_ib"] = _route(
            (ap >= 3).fill_null(False) | (ib >= 4).fill_null(False), pl.coalesce(ap, ib)
        )
        routes["seal_en_sat"] = _route(sat >= 480, sat)
    return routes


def language_routes(rule_set: str, options: Options) -> Criteria:
    ap, ib, sat2 = pl.col("ap_score"), pl.col("ib_score"), pl.col("sat2_score")
    years, gpa, oral = pl.col("course_years"), pl.col("course_gpa"), pl.col("oral_proficiency")
    routes: Criteria = {
        "seal_lang_ap": _route(ap >= 3, ap),
        "seal_lang_ib": _route(ib >= 4, ib),
        "seal_lang_courses": _route(
            (years >= 4) & (gpa >= 3.0) & oral,
            pl.when(years.is_null() | gpa.is_null() | oral.is_null()).then(None).otherwise(1),
        ),
        "seal_lang_district_exam": _route(pl.col("district_exam"), pl.col("district_exam")),
    }
    if rule_set == "seal-2017" or options.seal2024_accept_sat2:
        routes["seal_lang_sat2"] = _route(sat2 >= 600, sat2)
    alt = pl.col("alternative_evidence")
    routes["seal_lang_alternative"] = status(
        alt,
        applicable=pl.col("language").is_in(list(options.seal_alternative_languages)),
        missing=alt.is_null(),
    )
    return routes


def el_requirement(rule_set: str) -> pl.Expr:
    """English learners also show English proficiency on the ELPAC."""
    level = pl.col("latest_level") if rule_set == "seal-2017" else pl.col("latest_oral_level")
    el = pl.col("el_status")
    return status(
        level == 4,
        applicable=(el == "EL") | el.is_null(),
        missing=level.is_null() | el.is_null(),
    )


def _met(column: str) -> pl.Expr:
    return pl.col(column) == pl.lit("met", dtype=STATUS)


def seal_columns(rule_set: str, options: Options) -> tuple[list[pl.Expr], list[pl.Expr]]:
    """Route statuses (first list), then the composites that read them (second list)."""
    english = english_routes(rule_set)
    language = language_routes(rule_set, options)
    criteria = {**english, **language, "seal_el_elpac": el_requirement(rule_set)}
    if rule_set == "seal-2017":
        english_ok = _met("seal_en_coursework") & _met("seal_en_caaspp")
    else:
        english_ok = pl.any_horizontal([_met(c) for c in english])
    language_ok = pl.any_horizontal([_met(c) for c in language])
    el_ok = _met("seal_el_elpac") | (
        pl.col("seal_el_elpac") == pl.lit("not_applicable", dtype=STATUS)
    )
    evidence = pl.concat_str(
        [
            pl.when(_met("seal_en_coursework")).then(
                pl.format("English: ELA coursework GPA {}", pl.col("ela_gpa").round(2))
            ),
            pl.when(_met("seal_en_caaspp")).then(
                pl.format("English: CAASPP ELA grade 11 level {}", pl.col("grade11_ela"))
            ),
            *(
                [
                    pl.when(_met("seal_en_ap_ib")).then(
                        pl.format(
                            "English: AP {} / IB {}",
                            pl.col("ap_english_score").cast(pl.String).fill_null("-"),
                            pl.col("ib_english_score").cast(pl.String).fill_null("-"),
                        )
                    ),
                    pl.when(_met("seal_en_sat")).then(
                        pl.format("English: SAT EBRW {}", pl.col("sat_ebrw_score"))
                    ),
                ]
                if rule_set == "seal-2024"
                else []
            ),
            pl.when(_met("seal_lang_ap")).then(pl.format("{}: AP {}", "language", "ap_score")),
            pl.when(_met("seal_lang_ib")).then(pl.format("{}: IB {}", "language", "ib_score")),
            pl.when(_met("seal_lang_courses")).then(
                pl.format(
                    "{}: {} years of study, GPA {}, oral proficiency",
                    "language",
                    "course_years",
                    pl.col("course_gpa").round(2),
                )
            ),
            pl.when(_met("seal_lang_district_exam")).then(
                pl.format("{}: district exam", "language")
            ),
            *(
                [
                    pl.when(_met("seal_lang_sat2")).then(
                        pl.format("{}: SAT II {}", "language", "sat2_score")
                    )
                ]
                if "seal_lang_sat2" in language
                else []
            ),
            pl.when(_met("seal_lang_alternative")).then(
                pl.format("{}: alternative evidence", "language")
            ),
            pl.when(_met("seal_el_elpac")).then(
                pl.lit(
                    "ELPAC overall level 4"
                    if rule_set == "seal-2017"
                    else "ELPAC oral language level 4"
                )
            ),
        ],
        separator="; ",
        ignore_nulls=True,
    )
    routes = [expr.alias(name) for name, expr in criteria.items()]
    return routes, [
        english_ok.alias("seal_english"),
        language_ok.alias("seal_language_met"),
        (english_ok & language_ok & el_ok).alias("seal_eligible"),
        evidence.alias("seal_evidence"),
    ]
