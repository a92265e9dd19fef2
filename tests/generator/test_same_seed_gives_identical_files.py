from pathlib import Path

from safeguarding.generator import generate_population


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    one, two, other = tmp_path / "one", tmp_path / "two", tmp_path / "other"
    generate_population(people=120, seed=5, out_dir=one, storyline_share=0.2)
    generate_population(people=120, seed=5, out_dir=two, storyline_share=0.2)
    generate_population(people=120, seed=6, out_dir=other, storyline_share=0.2)
    for name in ("records.jsonl", "expected.json"):
        assert (one / name).read_bytes() == (two / name).read_bytes()
    assert (one / "records.jsonl").read_bytes() != (other / "records.jsonl").read_bytes()
