"""A batch's warm kernel: flushes only what it holds, keeps its outputs in order, and is set up as ``settle`` says."""

from __future__ import annotations

import nbformat
import pytest

from gk_helpers.batch import warm
from gk_helpers.batch.kernel_setup import skip_empty_flushes
from gk_helpers.batch.notebook_run import run_notebook


class FakeStream:
    """The flags of ipykernel's ``OutStream`` that say whether it holds output."""

    def __init__(self):
        self._flush_pending = self._subprocess_flush_pending = False
        self.echo = None
        self.flushed = 0

    def flush(self):
        self.flushed += 1


@pytest.mark.parametrize("holding", [None, "_flush_pending", "_subprocess_flush_pending", "echo"])
def test_a_stream_flushes_only_when_it_holds_output(holding):
    stream = FakeStream()
    skip_empty_flushes(stream)
    if holding:
        setattr(stream, holding, True)
    stream.flush()
    assert stream.flushed == (1 if holding else 0)


def test_a_stream_of_another_kind_is_left_as_it_is():
    class Plain:
        def flush(self):
            return "flushed"

    stream = Plain()
    skip_empty_flushes(stream)
    assert "flush" not in vars(stream) and stream.flush() == "flushed"


def _notebook(tmp_path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    return path


def _texts(cell):
    return [(o.output_type, o.get("name"), o.get("text") or o.get("data", {}).get("text/html")) for o in cell.outputs]


def test_the_warm_kernel_keeps_prints_and_displays_in_order(tmp_path):
    path = _notebook(tmp_path,
                     "from IPython.display import HTML, display\nprint('一')\ndisplay(HTML('<b>二</b>'))\nprint('三')",
                     "import sys\nprint('四', file=sys.stderr)\ndisplay(HTML('<b>五</b>'))\nprint('六', file=sys.stderr)",
                     "display(HTML('<b>七</b>'))")
    nb = run_notebook(path, {}, tmp_path, engine_name=warm.ENGINE_NAME)
    assert _texts(nb.cells[-3]) == [("stream", "stdout", "一\n"), ("display_data", None, "<b>二</b>"), ("stream", "stdout", "三\n")]
    assert _texts(nb.cells[-2]) == [("stream", "stderr", "四\n"), ("display_data", None, "<b>五</b>"), ("stream", "stderr", "六\n")]
    assert _texts(nb.cells[-1]) == [("display_data", None, "<b>七</b>")]


def test_the_warm_kernel_is_settled_for_a_batch(tmp_path):
    path = _notebook(tmp_path, "import gc, sys\nshell = get_ipython()\n"
                               "print(sys.stdout.flush.__name__, sys.stderr.flush.__name__, shell.kernel._execute_sleep,\n"
                               "      shell.history_manager.enabled, shell.kernel.log.level, gc.get_freeze_count() > 0)")
    nb = run_notebook(path, {}, tmp_path, engine_name=warm.ENGINE_NAME)
    assert _texts(nb.cells[-1]) == [("stream", "stdout", "flush_if_pending flush_if_pending 0.0 False 30 True\n")]


def test_a_batch_kernel_reads_params_through_the_memo_its_batch_names(tmp_path, monkeypatch):
    from gk_helpers.notebook import yaml_memo

    saved = tmp_path / ".gk-params.json"
    saved.write_text('{"version": %d, "entries": {"0": {"year": 2024}}}' % yaml_memo.VERSION, encoding="utf-8")
    monkeypatch.setenv(yaml_memo.VARIABLE, str(saved))
    warm.shutdown_all()  # a kernel started by this batch, with its environment
    try:
        path = _notebook(tmp_path, "from gk_helpers.notebook import yaml_memo\nprint(yaml_memo.active().entries)")
        nb = run_notebook(path, {}, tmp_path, engine_name=warm.ENGINE_NAME)
    finally:
        warm.shutdown_all()
    assert _texts(nb.cells[-1]) == [("stream", "stdout", "{'0': {'year': 2024}}\n")]


def test_the_next_notebook_starts_without_a_set_up_round_trip_and_a_failed_set_up_is_still_reported(tmp_path):
    """The set-up for the next notebook (folder, memory cap) goes along with the ``%reset`` sent after each one."""
    folder = tmp_path / "project"
    folder.mkdir()
    path = _notebook(folder, "import os\nprint(os.getcwd())")
    warm.shutdown_all()
    try:
        run_notebook(path, {}, folder, engine_name=warm.ENGINE_NAME)
        kernel = warm.kernel("python3")
        sent = []
        execute = kernel.kc.execute
        kernel.kc.execute = lambda code, **kwargs: sent.append(code) or execute(code, **kwargs)
        nb = run_notebook(path, {}, folder, engine_name=warm.ENGINE_NAME)
        assert _texts(nb.cells[-1]) == [("stream", "stdout", f"{folder}\n")]
        # papermill's parameters cell, the notebook's cell, then the next reset: no set-up execute of its own
        assert [code.split("\n")[0] for code in sent] == ["# Parameters", "import os", "%reset -f"]
        assert f"_gk_os.chdir({str(folder)!r})" in sent[-1]
        gone = str(tmp_path / "gone")  # a set-up sent ahead that fails is reported when the next notebook asks for it
        kernel.begin_reset(gone)
        with pytest.raises(RuntimeError, match="FileNotFoundError"):
            kernel.reset(gone)
    finally:
        warm.shutdown_all()
