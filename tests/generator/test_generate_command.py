import io
import json
from pathlib import Path

from django.core.management import call_command


def test_generate_writes_both_files_paths_to_stdout_and_a_summary_to_stderr(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    import sys

    saved = sys.stderr
    sys.stderr = err
    try:
        call_command("generate", "--people", "60", "--out", str(tmp_path), "--seed", "4", stdout=out)
    finally:
        sys.stderr = saved
    assert out.getvalue().split() == [str(tmp_path / "records.jsonl"), str(tmp_path / "expected.json")]
    assert "people: 60" in err.getvalue()
    assert "storylines:" in err.getvalue()
    expected = json.loads((tmp_path / "expected.json").read_text())
    assert len(expected["people"]) == 60
