"""A batch parses each params file's YAML once per content, and not at all when nothing changed since the last batch."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from gk_helpers.base import bounds
from gk_helpers.base.errors import ParamsError
from gk_helpers.notebook.params import load_params
from gk_helpers.notebook.yaml_memo import YamlMemo, using

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "params" / "南召县" / "城关镇" / "2022.yaml"


@pytest.fixture
def parses(monkeypatch) -> list[Path]:
    """Every params file PyYAML actually parses."""
    seen: list[Path] = []
    real = bounds.load_yaml
    monkeypatch.setattr(bounds, "load_yaml", lambda path: seen.append(Path(path)) or real(path))
    return seen


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "params" / "南召县" / "城关镇"
    shutil.copytree(SAMPLE.parent, folder)
    (tmp_path / "data").symlink_to(ROOT / "data")
    return folder / SAMPLE.name


def test_a_saved_memo_gives_the_same_params_without_parsing(tmp_path, parses):
    path = _copy(tmp_path)
    plain = load_params(path)
    memo = YamlMemo()
    with using(memo):
        assert load_params(path) == plain and load_params(path) == plain
    assert parses == [path, path]  # the plain read, then once through the memo
    (tmp_path / "memo.json").write_text(memo.dumps(), encoding="utf-8")
    again = YamlMemo.load(tmp_path / "memo.json")
    with using(again):
        assert load_params(path) == plain
        assert load_params(path).raw == plain.raw
    assert len(parses) == 2 and not again.stale


def test_a_changed_file_is_parsed_again_and_dates_come_back_as_dates(tmp_path, parses):
    path = _copy(tmp_path)
    memo = YamlMemo()
    with using(memo):
        load_params(path)
    path.write_text(path.read_text(encoding="utf-8") + "calendar: {holidays: [2022-10-03]}\n", encoding="utf-8")
    saved = YamlMemo(memo.entries)
    with using(saved):
        params = load_params(path)
    assert parses[-1] == path and saved.stale
    (tmp_path / "memo.json").write_text(saved.dumps(), encoding="utf-8")
    with using(YamlMemo.load(tmp_path / "memo.json")):
        assert load_params(path).holidays == (dt.date(2022, 10, 3),) == params.holidays
    assert parses.count(path) == 2


def test_yaml_json_cannot_hold_is_parsed_every_time(tmp_path, parses):
    path = tmp_path / "2022.yaml"
    path.write_text("agency: x\n2022: [1]\n", encoding="utf-8")  # an int key: JSON would make it "2022"
    memo = YamlMemo()
    with using(memo), pytest.raises(ParamsError) as first:
        load_params(path)
    with using(memo), pytest.raises(ParamsError) as second:
        load_params(path)
    assert str(first.value) == str(second.value) and "2022" in str(first.value)
    assert parses == [path, path] and not memo.entries


def test_an_unreadable_memo_is_an_empty_one(tmp_path):
    (tmp_path / "memo.json").write_text("{not json", encoding="utf-8")
    assert YamlMemo.load(tmp_path / "memo.json").entries == {}
    assert YamlMemo.load(tmp_path / "absent.json").entries == {}


def _read_in_fork(path: Path, added: int) -> None:
    """A forked worker: exit 0 when it reads ``path`` through the batch's memo without parsing it."""
    import os

    from gk_helpers.notebook import yaml_memo

    memo = yaml_memo.active()
    ok = memo is not None and load_params(path).title and memo.added == added
    os._exit(0 if ok else 1)


def test_a_batch_shares_its_memo_with_the_workers_it_forks_and_names_it_to_their_kernels(tmp_path, monkeypatch):
    import multiprocessing
    import os

    from gk_helpers.notebook import yaml_memo

    path = _copy(tmp_path)
    memo = YamlMemo()
    with using(memo):
        load_params(path)
    saved = tmp_path / ".gk-params.json"
    saved.write_text(memo.dumps(), encoding="utf-8")
    monkeypatch.setenv(yaml_memo.VARIABLE, "before")
    with yaml_memo.shared(memo, saved):
        assert os.environ[yaml_memo.VARIABLE] == str(saved) and yaml_memo.active() is memo
        child = multiprocessing.get_context("fork").Process(target=_read_in_fork, args=(path, memo.added))
        child.start()
        child.join()
        assert child.exitcode == 0
    assert os.environ[yaml_memo.VARIABLE] == "before" and yaml_memo.active() is None
    with yaml_memo.shared(memo, None):  # the memo could not be saved: the kernels are told of none
        assert yaml_memo.VARIABLE not in os.environ
    assert os.environ[yaml_memo.VARIABLE] == "before"


def test_a_batch_kernel_adopts_the_memo_its_batch_names(tmp_path, monkeypatch, parses):
    """The memo holds another agency for the file's bytes: the agency read is the memo's, so nothing was parsed."""
    import hashlib
    import json

    from gk_helpers.notebook import yaml_memo

    path = _copy(tmp_path)
    data = bounds.load_yaml(path)
    data["agency"] = "备忘镇人民政府"
    key = hashlib.sha256(path.read_bytes()).hexdigest()
    saved = tmp_path / ".gk-params.json"
    saved.write_text(json.dumps({"version": yaml_memo.VERSION, "entries": {key: data}}, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv(yaml_memo.VARIABLE, str(saved))
    monkeypatch.setattr(yaml_memo, "_ACTIVE", [])
    memo = yaml_memo.adopt()
    assert yaml_memo.active() is memo and load_params(path).agency == "备忘镇人民政府"
    assert parses == [path]  # only the test's own read above
    monkeypatch.delenv(yaml_memo.VARIABLE)
    assert yaml_memo.adopt() is None
