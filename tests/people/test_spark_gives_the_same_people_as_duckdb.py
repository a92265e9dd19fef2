"""The same settings on Spark (local mode) give the same people as on DuckDB."""

import pytest

from safeguarding.people.linking import cluster_rows
from safeguarding.people.model_spec import load_model

FAMILIES = ["Ashby", "Brennan", "Okafor", "Kowalski", "Siddiqui", "Tennant"]
GIVEN = ["Ruth", "Daniel", "Amaka", "Piotr", "Ayesha", "Owen"]


def rows():
    out = []
    for i, (given, family) in enumerate(zip(GIVEN, FAMILIES, strict=True)):
        dob = f"19{70 + i}-0{1 + i}-1{i}"
        variants = [f"{given} {family}", f"{family.upper()}, {given}", f"Mx {given[0]} {family}", given]
        for j, name in enumerate(variants):
            out.append({"id": i * 10 + j + 1, "record_id": i * 10 + j + 1, "name": name,
                        "dob": dob if j < 2 else "", "gender": "MF"[i % 2] if j != 1 else "",
                        "address": f"{i + 3} Canal Row, Exampleton", "postcode": "", "ids": {}, "role": "victim"})  # fmt: skip
    return out


@pytest.mark.slow
def test_spark_and_duckdb_link_the_same_people():
    pytest.importorskip("pyspark")
    data = rows()
    duck, _ = cluster_rows(data, load_model(), backend="duckdb")
    spark, _ = cluster_rows(data, load_model(), backend="spark")
    assert sorted(duck) == sorted(spark)
    assert len(duck) < len(data), "some mentions should have been linked"
