"""The prose P3 compares with is re-read when its Markdown file changes, in a long-lived process too."""

import shutil
from pathlib import Path

from gk_helpers.notebook.params import load_params
from gk_helpers.notebook.prose_review import peer_fingerprint, peer_prose

ROOT = Path(__file__).resolve().parents[1]


def test_an_edited_prose_file_of_last_year_is_read_again(tmp_path):
    township = tmp_path / "params/南召县/城关镇"
    shutil.copytree(ROOT / "params/南召县/城关镇", township)
    this_year = load_params(township / "2021.yaml")
    last, _ = peer_prose(this_year)
    before = peer_fingerprint(this_year)
    markdown = township / "2020-总体情况.md"
    assert last["一"].startswith("2020 年城关镇人民政府信息公开工作认真围绕重点工作")

    markdown.write_text("（一）主动公开。\n\n本段已改写。\n", encoding="utf-8")
    last, _ = peer_prose(this_year)
    assert "本段已改写" in last["一"]
    assert peer_fingerprint(this_year) != before
