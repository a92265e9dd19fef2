# ruff: noqa: E741  (l and r name the two sides of a pair, as in Splink's SQL)
"""The linkage model: its comparisons, once, as Splink SQL and as the same test in Python.

Each comparison level has an SQL condition (for Splink, DuckDB or Spark) and a Python predicate
that means exactly the same thing on the feature values of two mentions (NULL semantics
included), so that the incremental scorer reproduces Splink's match weights without running
SQL. `tests/people/test_incremental_scores_equal_splink.py` holds the two to each other.

The trained parameters (m and u per level, and the prior) live in a Splink model JSON file;
`load_model()` reads the shipped default (`model/default.json`) or the file named by the
`SAFEGUARDING_LINK_MODEL` setting.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from jellyfish import damerau_levenshtein_distance, jaro_winkler_similarity

Features = dict[str, Any]
Predicate = Callable[[Features, Features], bool]

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "model" / "default.json"


def _eq(a: Any, b: Any) -> bool:
    """SQL equality: NULL equals nothing."""
    return a is not None and b is not None and a == b


def _both(col: str) -> Callable[[Features, Features], bool]:
    return lambda l, r: l[col] is not None and r[col] is not None


def levenshtein(a: str, b: str) -> int:
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _lev_le(a: Any, b: Any, n: int) -> bool:
    return a is not None and b is not None and levenshtein(a, b) <= n


@dataclass(frozen=True)
class Level:
    label: str
    sql: str
    test: Predicate
    is_null: bool = False


@dataclass(frozen=True)
class ComparisonSpec:
    name: str
    description: str
    levels: list[Level] = field(default_factory=list)

    def level_index(self, l: Features, r: Features) -> int:
        """Index of the first level that applies (the last one is the ELSE level)."""
        for i, level in enumerate(self.levels[:-1]):
            if level.test(l, r):
                return i
        return len(self.levels) - 1


# --- name ----------------------------------------------------------------------------------
_GIVEN_AGREE_SQL = "(l.given = r.given OR l.given_ph = r.given_ph)"
_GIVEN_COMPATIBLE_SQL = (
    "(l.given = r.given OR l.given_ph = r.given_ph"
    " OR ((l.given IS NULL OR r.given IS NULL) AND l.initial = r.initial))"
)
_SURNAME_SIMILAR_SQL = "(l.surname_ph = r.surname_ph OR levenshtein(l.surname, r.surname) <= 1)"


def _given_agree(l: Features, r: Features) -> bool:
    return _eq(l["given"], r["given"]) or _eq(l["given_ph"], r["given_ph"])


def _given_compatible(l: Features, r: Features) -> bool:
    return _given_agree(l, r) or (
        (l["given"] is None or r["given"] is None) and _eq(l["initial"], r["initial"])
    )


def _surname_similar(l: Features, r: Features) -> bool:
    return _eq(l["surname_ph"], r["surname_ph"]) or _lev_le(l["surname"], r["surname"], 1)


# Typing slips that neither the nickname tables nor the phonetic codes catch ("Sebatian",
# "Cambpell"), as Splink's own name comparison grades them: Jaro-Winkler similarity at two
# thresholds. DuckDB's `jaro_winkler_similarity` and jellyfish's give the same values (checked on
# FEBRL4's names), so the Python scorer stays equal to Splink.
JARO_WINKLER_SQL = "jaro_winkler_similarity"
CLOSE_THRESHOLDS = (0.92, 0.88)


def _jw_ge(a: Any, b: Any, threshold: float) -> bool:
    return a is not None and b is not None and jaro_winkler_similarity(a, b) >= threshold


def _close_sql(threshold: float) -> str:
    """Surname similar or close, and forename compatible or close, at `threshold`."""
    return (
        f"({_SURNAME_SIMILAR_SQL} OR {JARO_WINKLER_SQL}(l.surname, r.surname) >= {threshold})"
        f" AND ({_GIVEN_COMPATIBLE_SQL} OR {JARO_WINKLER_SQL}(l.given_written, r.given_written) >= {threshold})"
    )


def _close(threshold: float) -> Predicate:
    def test(l: Features, r: Features) -> bool:
        return (_surname_similar(l, r) or _jw_ge(l["surname"], r["surname"], threshold)) and (
            _given_compatible(l, r) or _jw_ge(l["given_written"], r["given_written"], threshold)
        )

    return test


# The level of brothers and sisters (and twins): one family name, another forename.
FORENAME_DIFFERS = "surname similar, forename differs"


def _no_name(f: Features) -> bool:
    return f["initial"] is None and f["surname"] is None


NAME = ComparisonSpec(
    "name",
    "Forename (nickname, transliteration and phonetic tolerant) and surname, in either order",
    [
        Level(
            "no name on one side",
            "(l.initial IS NULL AND l.surname IS NULL) OR (r.initial IS NULL AND r.surname IS NULL)",
            lambda l, r: _no_name(l) or _no_name(r),
            is_null=True,
        ),
        Level(
            "full name agrees (either order)",
            "l.name_key = r.name_key",
            lambda l, r: _eq(l["name_key"], r["name_key"]),
        ),
        Level(
            "surname agrees, forename compatible",
            f"l.surname = r.surname AND {_GIVEN_COMPATIBLE_SQL}",
            lambda l, r: _eq(l["surname"], r["surname"]) and _given_compatible(l, r),
        ),
        Level(
            "surname similar, forename compatible",
            f"{_SURNAME_SIMILAR_SQL} AND {_GIVEN_COMPATIBLE_SQL}",
            lambda l, r: _surname_similar(l, r) and _given_compatible(l, r),
        ),
        *(
            Level(
                f"forename and surname close (Jaro-Winkler {threshold})",
                _close_sql(threshold),
                _close(threshold),
            )
            for threshold in CLOSE_THRESHOLDS
        ),
        Level(
            "forename agrees, no surname on one side",
            f"(l.surname IS NULL OR r.surname IS NULL) AND {_GIVEN_AGREE_SQL}",
            lambda l, r: (l["surname"] is None or r["surname"] is None) and _given_agree(l, r),
        ),
        Level(
            "surname similar, no forename on one side",
            f"(l.initial IS NULL OR r.initial IS NULL) AND {_SURNAME_SIMILAR_SQL}",
            lambda l, r: (l["initial"] is None or r["initial"] is None) and _surname_similar(l, r),
        ),
        Level(
            "forename agrees, surname differs",
            _GIVEN_AGREE_SQL,
            _given_agree,
        ),
        Level(
            FORENAME_DIFFERS,
            _SURNAME_SIMILAR_SQL,
            _surname_similar,
        ),
        Level("names differ", "ELSE", lambda l, r: True),
    ],
)


# --- date of birth -------------------------------------------------------------------------
def _placeholder(f: Features) -> bool:
    return bool(f["dob_placeholder"])


DOB = ComparisonSpec(
    "dob",
    "Date of birth: typos and day/month swaps tolerated; 1 January counts only as a year",
    [
        Level(
            "no date of birth on one side",
            "l.dob_year IS NULL OR r.dob_year IS NULL",
            lambda l, r: l["dob_year"] is None or r["dob_year"] is None,
            is_null=True,
        ),
        Level(
            "exact date",
            "l.dob = r.dob AND NOT l.dob_placeholder",
            lambda l, r: _eq(l["dob"], r["dob"]) and not _placeholder(l),
        ),
        Level(
            "same year, 1 January placeholder",
            "(l.dob_placeholder OR r.dob_placeholder) AND l.dob_year = r.dob_year",
            lambda l, r: (_placeholder(l) or _placeholder(r)) and _eq(l["dob_year"], r["dob_year"]),
        ),
        Level(
            "day and month swapped",
            "l.dob = r.dob_swapped",
            lambda l, r: _eq(l["dob"], r["dob_swapped"]),
        ),
        Level(
            "one character different",
            "levenshtein(l.dob, r.dob) <= 1",
            lambda l, r: _lev_le(l["dob"], r["dob"], 1),
        ),
        Level(
            "same year only",
            "l.dob_year = r.dob_year",
            lambda l, r: _eq(l["dob_year"], r["dob_year"]),
        ),
        Level(
            "1 January placeholder, year differs",
            "l.dob_placeholder OR r.dob_placeholder",
            lambda l, r: _placeholder(l) or _placeholder(r),
        ),
        Level("dates differ", "ELSE", lambda l, r: True),
    ],
)

GENDER = ComparisonSpec(
    "gender",
    "Recorded gender",
    [
        Level("no gender on one side", "l.gender IS NULL OR r.gender IS NULL",
              lambda l, r: l["gender"] is None or r["gender"] is None, is_null=True),
        Level("same gender", "l.gender = r.gender", lambda l, r: _eq(l["gender"], r["gender"])),
        Level("gender differs", "ELSE", lambda l, r: True),
    ],
)  # fmt: skip


def _no_common_address(l: Features, r: Features) -> bool:
    return not (
        (l["addr_street"] is not None and r["addr_street"] is not None)
        or (l["postcode"] is not None and r["postcode"] is not None)
    )


ADDRESS = ComparisonSpec(
    "address",
    "Address and postcode (house number and street, postcode, street or postcode sector)",
    [
        Level(
            "no address to compare",
            "NOT ((l.addr_street IS NOT NULL AND r.addr_street IS NOT NULL)"
            " OR (l.postcode IS NOT NULL AND r.postcode IS NOT NULL))",
            _no_common_address,
            is_null=True,
        ),
        Level("same house number and street", "l.addr_key = r.addr_key",
              lambda l, r: _eq(l["addr_key"], r["addr_key"])),
        Level("same postcode", "l.postcode = r.postcode", lambda l, r: _eq(l["postcode"], r["postcode"])),
        Level(
            "same street or building",
            "l.addr_street = r.addr_street",
            lambda l, r: _eq(l["addr_street"], r["addr_street"]),
        ),
        Level(
            "same postcode sector",
            "l.pc_sector = r.pc_sector",
            lambda l, r: _eq(l["pc_sector"], r["pc_sector"]),
        ),
        Level("addresses differ", "ELSE", lambda l, r: True),
    ],
)  # fmt: skip


def _keying_error(a: Any, b: Any) -> bool:
    """One character changed, added or dropped, or two neighbours swapped (SQL: NULL is never)."""
    return a is not None and b is not None and damerau_levenshtein_distance(a, b) <= 1


def _no_common_id(l: Features, r: Features) -> bool:
    return not (
        (l["nhs"] is not None and r["nhs"] is not None) or (l["pnc"] is not None and r["pnc"] is not None)
    )


IDENTIFIERS = ComparisonSpec(
    "identifiers",
    "NHS number and police national computer (PNC) id: near-certain evidence either way",
    [
        Level(
            "no identifier in common",
            "NOT ((l.nhs IS NOT NULL AND r.nhs IS NOT NULL) OR (l.pnc IS NOT NULL AND r.pnc IS NOT NULL))",
            _no_common_id,
            is_null=True,
        ),
        Level("identifier agrees", "l.nhs = r.nhs OR l.pnc = r.pnc",
              lambda l, r: _eq(l["nhs"], r["nhs"]) or _eq(l["pnc"], r["pnc"])),
        Level("identifier one keying error apart",
              "damerau_levenshtein(l.nhs, r.nhs) <= 1 OR damerau_levenshtein(l.pnc, r.pnc) <= 1",
              lambda l, r: _keying_error(l["nhs"], r["nhs"]) or _keying_error(l["pnc"], r["pnc"])),
        Level("identifier differs", "ELSE", lambda l, r: True),
    ],
)  # fmt: skip

ROLE = ComparisonSpec(
    "role",
    "Role in the record (victim or client, alleged perpetrator or offender, child)",
    [
        Level("role says little", "l.role_group = 'other' OR r.role_group = 'other'",
              lambda l, r: l["role_group"] == "other" or r["role_group"] == "other", is_null=True),
        Level("same kind of role", "l.role_group = r.role_group", lambda l, r: l["role_group"] == r["role_group"]),
        Level("different kind of role", "ELSE", lambda l, r: True),
    ],
)  # fmt: skip

COMPARISONS: list[ComparisonSpec] = [NAME, DOB, GENDER, ADDRESS, IDENTIFIERS, ROLE]


def splink_sql(condition: str) -> str:
    """A level's condition in Splink's column naming (`l.surname` -> `surname_l`)."""
    return re.sub(r"\b([lr])\.(\w+)", lambda m: f"{m.group(2)}_{m.group(1)}", condition)


def splink_settings() -> dict[str, Any]:
    """The untrained Splink settings dictionary (used for training; trained models are JSON)."""
    from safeguarding.people.features import BLOCKING_KEYS

    comparisons = []
    for spec in COMPARISONS:
        levels = []
        for level in spec.levels:
            if level.sql == "ELSE":
                levels.append({"sql_condition": "ELSE", "label_for_charts": level.label})
            else:
                entry: dict[str, Any] = {
                    "sql_condition": splink_sql(level.sql),
                    "label_for_charts": level.label,
                }
                if level.is_null:
                    entry["is_null_level"] = True
                levels.append(entry)
        comparisons.append(
            {
                "output_column_name": spec.name,
                "comparison_description": spec.description,
                "comparison_levels": levels,
            }
        )
    blocking = [
        {"blocking_rule": " AND ".join(f"l.{c} = r.{c}" for c in columns)} for _, columns in BLOCKING_KEYS
    ]
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": 1e-5,
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": blocking,
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "additional_columns_to_retain": ["record_key"],
    }


@dataclass(frozen=True)
class LevelWeight:
    label: str
    m: float | None
    u: float | None
    bayes_factor: float  # 1 for a null level

    @property
    def match_weight(self) -> float:
        return math.log2(self.bayes_factor)


@dataclass(frozen=True)
class TrainedModel:
    """Trained parameters, aligned with COMPARISONS, ready for scoring in Python."""

    name: str  # what outputs say was used (file name and training note)
    path: str
    prior: float  # probability two random mentions are the same person
    weights: list[list[LevelWeight]]  # per comparison, per level
    settings: dict[str, Any]

    trained_mentions: int = 0  # how many mentions the prior was estimated on

    def for_store(self, mentions: int, strong_pairs: int) -> TrainedModel:
        """The model with its prior estimated for a store of `mentions` mentions.

        The probability that two mentions picked at random are one person depends on the store:
        a review's 300 mentions of nine people are far likelier to match than a national
        dataset's. As Splink estimates it, it is the count of pairs agreeing on near-certain
        rules (`strong_pairs`) over all pairs, divided by the rules' recall (the share of true
        matches they find, measured unsupervised on the training population). The trained
        prior, scaled to the store's size, is the floor; 1/2 the ceiling.
        """
        if not self.trained_mentions or mentions <= 1:
            return self
        scaled = self.base_prior * self.trained_mentions / mentions
        total = mentions * (mentions - 1) / 2
        from_store = strong_pairs / (self.rule_recall * total) if self.rule_recall else 0.0
        prior = min(0.5, max(scaled, from_store))
        settings = {**self.settings, "probability_two_random_records_match": prior}
        return replace(self, prior=prior, settings=settings)

    @property
    def rule_recall(self) -> float:
        return float(self.settings.get("safeguarding_model", {}).get("rule_recall") or 0.0)

    @property
    def base_prior(self) -> float:
        return float(self.settings.get("safeguarding_model", {}).get("trained_prior") or self.prior)

    @property
    def prior_odds(self) -> float:
        return self.prior / (1 - self.prior)

    def score(self, l: Features, r: Features) -> float:
        """Match probability of two mentions' features, as Splink's predict() computes it."""
        odds = self.prior_odds
        for spec, weights in zip(COMPARISONS, self.weights, strict=True):
            odds *= weights[spec.level_index(l, r)].bayes_factor
        if math.isinf(odds):
            return 1.0
        return odds / (1 + odds)

    def explain(self, l: Features, r: Features) -> dict[str, Any]:
        odds = self.prior_odds
        rows = []
        for spec, weights in zip(COMPARISONS, self.weights, strict=True):
            i = spec.level_index(l, r)
            w = weights[i]
            odds *= w.bayes_factor
            rows.append(
                {
                    "comparison": spec.name,
                    "description": spec.description,
                    "level": w.label,
                    "level_index": i,
                    "m_probability": w.m,
                    "u_probability": w.u,
                    "bayes_factor": w.bayes_factor,
                    "match_weight": w.match_weight,
                }
            )
        probability = 1.0 if math.isinf(odds) else odds / (1 + odds)
        return {
            "prior": self.prior,
            "prior_match_weight": math.log2(self.prior_odds),
            "comparisons": rows,
            "match_weight": math.log2(odds) if odds > 0 else float("-inf"),
            "match_probability": probability,
        }


def model_from_dict(data: dict[str, Any], *, path: str = "", name: str = "") -> TrainedModel:
    by_name = {c["output_column_name"]: c for c in data["comparisons"]}
    weights = []
    for spec in COMPARISONS:
        trained = by_name.get(spec.name)
        if trained is None or len(trained["comparison_levels"]) != len(spec.levels):
            raise ValueError(
                f"Linkage model {path or name!r} does not match this version's comparison {spec.name!r}: retrain it"
            )
        row = []
        for level, tl in zip(spec.levels, trained["comparison_levels"], strict=True):
            if tl.get("label_for_charts") != level.label:
                raise ValueError(
                    f"Linkage model level {tl.get('label_for_charts')!r} != {level.label!r}: retrain it"
                )
            if level.is_null:
                row.append(LevelWeight(level.label, None, None, 1.0))
                continue
            m, u = tl.get("m_probability"), tl.get("u_probability")
            if m is None or u is None:
                raise ValueError(f"Linkage model {path or name!r} is untrained at {spec.name}/{level.label}")
            bf = math.inf if u == 0 else m / u
            row.append(LevelWeight(level.label, m, u, bf))
        weights.append(row)
    note = data.get("safeguarding_model", {})
    label = name or note.get("name") or Path(path).name
    data = {
        **data,
        "safeguarding_model": {
            **note,
            "trained_prior": note.get("trained_prior") or data["probability_two_random_records_match"],
        },
    }
    return TrainedModel(
        name=label,
        path=path,
        prior=float(data["probability_two_random_records_match"]),
        weights=weights,
        settings=data,
        trained_mentions=int(note.get("mentions") or 0),
    )


def model_path() -> Path:
    configured = getattr(settings, "SAFEGUARDING_LINK_MODEL", "") or ""
    return Path(configured) if configured else DEFAULT_MODEL_PATH


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> TrainedModel:
    data = json.loads(Path(path).read_text())
    return model_from_dict(data, path=path)


def load_model(path: Path | str | None = None) -> TrainedModel:
    """The trained model in use (reloaded when its file changes)."""
    p = Path(path) if path else model_path()
    return _load(str(p), p.stat().st_mtime)
