"""bench/tidy_wide.py: a wide daily table becomes date,sku,qty rows."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from tidy_wide import main  # noqa: E402


def test_a_semicolon_table_with_us_dates_becomes_tidy_rows(tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text("datum;A;B;Year\n1/2/2014;0;3.5;2014\n1/3/2014;;1,200;2014\n")
    out = tmp_path / "tidy.csv"
    main([str(wide), "--date-column", "datum", "--date-format", "%m/%d/%Y",
          "--skus", "A,B", "-o", str(out)])
    assert out.read_text().splitlines() == [
        "date,sku,qty", "2014-01-02,A,0.0", "2014-01-02,B,3.5",
        "2014-01-03,A,0.0", "2014-01-03,B,1200.0"]


def test_a_text_cell_names_its_row_and_column(tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text("date,A\n2024-01-01,3\n2024-01-02,n/a\n")
    with pytest.raises(SystemExit, match="row 3, column A"):
        main([str(wide), "--skus", "A", "-o", str(tmp_path / "t.csv")])
