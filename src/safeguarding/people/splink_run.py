"""Running the model in Splink: training (EM, u by random sampling) and full prediction.

DuckDB is the default backend; Spark (`backend="spark"`) runs the same settings for a
partnership or a national dataset that outgrows one machine.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from safeguarding.people.features import FEATURE_COLUMNS, DistinctFeatures, feature_frame
from safeguarding.people.model_spec import TrainedModel, splink_settings

logger = logging.getLogger(__name__)


def frame_from_rows(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """Splink's input table from raw mention rows.

    Each row has `unique_id`, `record_key` (mentions sharing it are never the same person) and
    the recorded fields `name`, `dob`, `gender`, `address`, `postcode`, `ids`, `role`.
    """
    rows = list(rows)
    features = feature_frame(rows)
    columns = ["unique_id", "record_key", *FEATURE_COLUMNS]
    df = pd.DataFrame(
        {
            "unique_id": [row["unique_id"] for row in rows],
            "record_key": [str(row["record_key"]) for row in rows],
            **{c: features[c] for c in FEATURE_COLUMNS},
        },
        columns=columns,
    )
    for col in columns:
        if col not in ("unique_id", "dob_placeholder"):
            df[col] = df[col].astype(object).where(df[col].notna(), None)
    return df


def _db_api(backend: str, spark: Any = None) -> Any:
    if backend == "duckdb":
        import duckdb
        from splink import DuckDBAPI

        return DuckDBAPI(connection=duckdb.connect(":memory:"))
    if backend == "spark":
        from splink import SparkAPI

        if spark is None:
            from pyspark.sql import SparkSession
            from splink.backends.spark import similarity_jar_location

            spark = (
                SparkSession.builder.master("local[2]")
                .appName("safeguarding-linkage")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.ui.enabled", "false")
                # Splink's string-similarity functions (Jaro-Winkler) for the name levels.
                .config("spark.jars", similarity_jar_location())
                .getOrCreate()
            )
        if not spark.sparkContext.getCheckpointDir():
            import tempfile

            spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="safeguarding-spark-"))
        return SparkAPI(spark_session=spark)
    raise ValueError(f"unknown linkage backend {backend!r} (duckdb or spark)")


def _linker(df: pd.DataFrame, settings: dict[str, Any], backend: str = "duckdb", spark: Any = None) -> Any:
    from splink import Linker

    db_api = _db_api(backend, spark)
    if backend == "spark":
        session = db_api.spark
        table = db_api.register(session.createDataFrame(df.astype({"unique_id": "int64"})))
    else:
        # Loaded into DuckDB directly from pandas: Splink's own registration goes through
        # pyarrow, which this environment's numpy pin (for spaCy) cannot import.
        con = db_api._con
        con.register("mentions_frame", df)
        con.execute("CREATE OR REPLACE TABLE mentions AS SELECT * FROM mentions_frame")
        con.unregister("mentions_frame")
        table = db_api.register("mentions")
    clean = {k: v for k, v in settings.items() if k != "safeguarding_model"}
    if backend == "spark":
        clean = _spark_dialect(clean)
    return Linker(table, clean)


def _spark_dialect(settings: dict[str, Any]) -> dict[str, Any]:
    """The model's conditions are written for DuckDB; Splink's Spark functions name Jaro-Winkler
    `jaro_winkler` (the same measure)."""
    from safeguarding.people.model_spec import JARO_WINKLER_SQL

    text = json.dumps(settings).replace(f"{JARO_WINKLER_SQL}(", "jaro_winkler(")
    return dict(json.loads(text))


def train(df: pd.DataFrame, out: Path, *, note: str, seed: int = 42) -> dict[str, Any]:
    """Estimate the model's parameters unsupervised on a population; write the model JSON."""
    from splink import block_on

    settings = splink_settings()
    linker = _linker(df, settings)
    # The prior from near-certain rules (identifiers; full name with date of birth).
    linker.training.estimate_probability_two_random_records_match(
        [
            "l.nhs = r.nhs",
            "l.pnc = r.pnc",
            "l.name_key = r.name_key AND l.dob = r.dob",
        ],
        recall=0.8,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=seed)
    # EM, each session blocked on fields it then cannot estimate; together they cover all.
    # Not blocked on address or surname: pairs sharing those are dominated by households, and
    # EM would learn "same family" rather than "same person" (siblings, parents and children).
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("nhs"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    model = linker.misc.save_model_to_json()
    untrained = _neutralise_untrained(model)
    prior, recall = _store_prior(df, model)
    model["probability_two_random_records_match"] = prior
    model["safeguarding_model"] = {
        "name": out.name,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "note": note,
        "mentions": len(df),
        "trained_prior": prior,
        # Share of true matches the near-certain rules find (features.STRONG_KEYS).
        "rule_recall": recall,
        # Levels never seen in training: they count as no evidence (Bayes factor 1).
        "untrained_levels": untrained,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model, indent=2) + "\n")
    return model


def _neutralise_untrained(model: dict[str, Any]) -> list[str]:
    """Fill what training could not estimate, so that Splink and the Python scorer agree.

    A level no match showed (no m) counts as no evidence (m = u); a level no random pair showed
    (no u, or u = 0: rarer than 1 in the sample) gets u = 1e-8, strong but finite evidence.
    """
    out = []
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            if m is not None and u:
                continue
            if not u:
                u = 1e-8
            if m is None:
                m = u if level.get("u_probability") else 1e-8
            level["m_probability"], level["u_probability"] = m, u
            out.append(f"{comparison['output_column_name']}: {level.get('label_for_charts')}")
    return out


def _store_prior(df: pd.DataFrame, model: dict[str, Any]) -> tuple[float, float]:
    """The prior consistent with the trained m and u on this population, and the rules' recall.

    The expected number of matching pairs is the sum of match probabilities over the blocked
    pairs, which depends on the prior itself: iterate to the fixed point (EM for the prior).
    The near-certain rules' recall is then the pairs they find over that expected number.
    """
    import numpy as np

    from safeguarding.people.features import StrongPairCounter

    linker = _linker(df, model)
    pairs = linker.inference.predict().as_pandas_dataframe()
    prior = float(model["probability_two_random_records_match"])
    log_bf = pairs["match_weight"].to_numpy() - np.log2(prior / (1 - prior))
    total = len(df) * (len(df) - 1) / 2
    for _ in range(100):
        odds = np.exp2(log_bf) * (prior / (1 - prior))
        expected = float(np.sum(odds / (1 + odds)))
        new = min(0.5, expected / total)
        if abs(new - prior) < 1e-12:
            break
        prior = new
    counter = StrongPairCounter()
    for f in df.to_dict("records"):
        counter.add(int(f["unique_id"]), f)
    recall = min(1.0, counter.pairs / (prior * total)) if prior else 0.0
    return prior, recall


def predict(
    features: DistinctFeatures,
    unique_ids: np.ndarray,
    record_keys: np.ndarray,
    model: TrainedModel,
    *,
    threshold: float,
    backend: str = "duckdb",
    spark: Any = None,
) -> pd.DataFrame:
    """Every blocked pair of the mentions scoring at least `threshold`: unique_id_l, unique_id_r,
    match_probability, record_key_l, record_key_r. `features` are the mentions' features by
    distinct row (`features.distinct_features`); `unique_ids` and `record_keys` are theirs, in
    the same order.

    Many mentions repeat one another exactly (a practice's letters about one patient, written
    from one record system), and a pair's probability depends only on the two feature rows.
    So Splink scores each pair of *distinct* feature rows once, mentions of one distinct row
    are scored with each other once in Python (the model's own scorer, equal to Splink's), and
    the pairs are then expanded to the mentions: the same pairs and probabilities as predicting
    on every mention, with a fraction of Splink's comparisons.
    """
    columns = {c: np.array([f[c] for f in features.rows], dtype=object) for c in FEATURE_COLUMNS}
    columns["dob_placeholder"] = columns["dob_placeholder"].astype(bool)
    distinct = pd.DataFrame({"unique_id": np.arange(len(features.rows), dtype=np.int64), **columns})
    class_pairs = _class_pairs(distinct, features.rows, features.codes, model, threshold, backend, spark)
    return _expand(class_pairs, features.codes, unique_ids, record_keys)


def _class_pairs(
    distinct: pd.DataFrame,
    records: list[dict[str, Any]],
    codes: np.ndarray,
    model: TrainedModel,
    threshold: float,
    backend: str,
    spark: Any,
) -> pd.DataFrame:
    """Pairs of distinct feature rows (`distinct`, unique_id = position, `records` the same rows
    as dicts) scoring at least `threshold`; `codes` each mention's row."""
    settings = {**model.settings, "additional_columns_to_retain": []}
    linker = _linker(distinct, settings, backend, spark)
    result = linker.inference.predict(threshold_match_probability=threshold)
    between = result.as_pandas_dataframe()[["unique_id_l", "unique_id_r", "match_probability"]]
    if backend == "duckdb":
        # Its tables (the input, the blocked pairs) are freed now, not whenever Python's cyclic
        # garbage collector reaches the linker.
        linker._db_api._con.close()
    within = _pairs_within(records, np.bincount(codes, minlength=len(records)), model, threshold)
    # An empty frame would take part in the result's column types (deprecated in pandas).
    return pd.concat([between, within], ignore_index=True) if len(within) else between.reset_index(drop=True)


def _pairs_within(
    records: list[dict[str, Any]], sizes: np.ndarray, model: TrainedModel, threshold: float
) -> pd.DataFrame:
    """Each distinct row of two or more mentions with itself: they pair up when a blocking key
    joins them."""
    from safeguarding.people.features import blocking_keys

    out = []
    for i in np.flatnonzero(sizes > 1).tolist():
        f = records[i]
        if blocking_keys(f):
            p = model.score(f, f)
            if p >= threshold:
                out.append((i, i, p))
    return pd.DataFrame(out, columns=["unique_id_l", "unique_id_r", "match_probability"])


def _expand(
    class_pairs: pd.DataFrame, codes: np.ndarray, unique_ids: np.ndarray, record_keys: np.ndarray
) -> pd.DataFrame:
    """Pairs of distinct rows -> pairs of their mentions (within one row: each pair once)."""
    order = np.argsort(codes, kind="stable")
    size = np.bincount(codes)
    start = np.concatenate(([0], np.cumsum(size)[:-1]))
    cl = class_pairs["unique_id_l"].to_numpy(dtype=np.int64)
    cr = class_pairs["unique_id_r"].to_numpy(dtype=np.int64)
    prob = class_pairs["match_probability"].to_numpy(dtype=np.float64)
    parts_l, parts_r, parts_p = [], [], []
    cross = cl != cr
    if cross.any():
        a, b, p = cl[cross], cr[cross], prob[cross]
        count = size[a] * size[b]
        k = np.repeat(np.arange(len(a)), count)
        offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        parts_l.append(order[start[a][k] + offset // size[b][k]])
        parts_r.append(order[start[b][k] + offset % size[b][k]])
        parts_p.append(p[k])
    same = ~cross
    for s in np.unique(size[cl[same]]) if same.any() else []:
        if s < 2:
            continue
        c, p = cl[same][size[cl[same]] == s], prob[same][size[cl[same]] == s]
        i, j = np.triu_indices(s, 1)
        parts_l.append(order[(start[c][:, None] + i[None, :]).ravel()])
        parts_r.append(order[(start[c][:, None] + j[None, :]).ravel()])
        parts_p.append(np.repeat(p, len(i)))
    left = np.concatenate(parts_l) if parts_l else np.zeros(0, dtype=np.int64)
    right = np.concatenate(parts_r) if parts_r else np.zeros(0, dtype=np.int64)
    return pd.DataFrame(
        {
            "unique_id_l": unique_ids[left],
            "unique_id_r": unique_ids[right],
            "match_probability": np.concatenate(parts_p) if parts_p else np.zeros(0),
            "record_key_l": record_keys[left],
            "record_key_r": record_keys[right],
        }
    )


def rows_from_records_file(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Mention rows from a chronology-format JSON Lines file (for training and benchmarks).

    `unique_id` counts subjects in file order; `key` is the subject's [agency, record_id, ref].
    """
    rows: list[dict[str, Any]] = []
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            if limit is not None and len(rows) >= limit:
                break
            record = json.loads(line)
            record_key = f"{record['agency']}:{record['record_id']}"
            for subject in record.get("subjects", []):
                rows.append(
                    {
                        "unique_id": len(rows) + 1,
                        "id": len(rows) + 1,
                        "record_key": record_key,
                        "record_id": record_key,
                        "key": (record["agency"], record["record_id"], subject.get("ref")),
                        "recorded": record.get("recorded") or record.get("occurred"),
                        "name": subject.get("name") or "",
                        "dob": subject.get("dob") or "",
                        "gender": subject.get("gender") or "",
                        "address": subject.get("address") or "",
                        "postcode": subject.get("postcode") or "",
                        "ids": subject.get("ids") or {},
                        "role": subject.get("role") or "",
                    }
                )
    return rows
