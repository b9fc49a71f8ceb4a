"""A plain CTranslate2 model folder as an engine (OPUS-MT, NLLB, M2M100 layouts), built at test
time from the stand-in model (briefing/testing/standin_model.py): the folder engine must frame each sentence as
its family expects, so its drafts equal the Argos package's drafts of the same weights."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.config import MTSettings, load_project
from briefing.errors import ConfigError
from briefing.translation.engines import Choice, make_engine, parse_choice
from briefing.translation.engines.base import EngineError
from briefing.translation.engines.ct2 import ArgosEngine, folder_engine, inspect_folder

from briefing.testing.standin_model import build_ct2_folder

SENTENCES = ["深度求索发布了新的开源模型。", "英伟达的股价随即下跌了17%。", "XQ1 计划投资5000亿美元。",
             "分析人士认为影响深远，训练成本仅为600万美元。"]


@pytest.fixture(scope="module")
def folders(argos_model, tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("ct2-folders")
    return {layout: build_ct2_folder(work, argos_model.path, layout)
            for layout in ("opus-mt", "nllb", "m2m100")}


@pytest.mark.parametrize("layout, kind, prefix, target", [
    ("opus-mt", "opus-mt", (), ()),
    ("nllb", "nllb", ("zho_Hans",), ("eng_Latn",)),
    ("m2m100", "m2m100", ("__zh__",), ("__en__",)),
])
def test_each_layout_is_recognised_and_drafts_like_the_argos_package(folders, argos_model, layout,
                                                                     kind, prefix, target):
    found = inspect_folder(folders[layout])
    assert (found.kind, found.source_prefix, found.source_suffix, found.target_prefix) == \
        (kind, prefix, ("</s>",), target)
    assert found.label == f"standin-{layout}"
    engine = folder_engine(folders[layout], MTSettings(beam_size=1))
    argos = ArgosEngine(argos_model, beam_size=1)
    drafts = engine.translate_checked(SENTENCES)
    assert [d.text for d in drafts] == argos.translate(SENTENCES)  # framed right: same English
    assert not any(d.cut for d in drafts)  # each ended by itself: </s> was sent
    assert all(d.text and "eng_Latn" not in d.text and "__en__" not in d.text for d in drafts)
    assert (engine.engine, engine.model) == ("ctranslate2", f"standin-{layout}")


def test_a_wrong_frame_would_show(folders, argos_model):
    """The equality above is not automatic: the NLLB folder without its prefix drafts otherwise."""
    wrong = inspect_folder(folders["nllb"])
    from dataclasses import replace

    from briefing.translation.engines.ct2 import CTranslate2Engine
    engine = CTranslate2Engine(replace(wrong, source_prefix=()), settings=MTSettings(beam_size=1))
    assert [d.text for d in engine.translate_checked(SENTENCES)] != \
        ArgosEngine(argos_model, beam_size=1).translate(SENTENCES)


def test_prefixes_set_by_hand_and_checked_against_the_vocabulary(folders):
    from briefing.config import FolderSettings
    layout = inspect_folder(folders["nllb"], FolderSettings(source_prefix="zho_Hans",
                                                            target_prefix="eng_Latn", name="nllb-test"))
    assert layout.label == "nllb-test" and layout.target_prefix == ("eng_Latn",)
    with pytest.raises(EngineError, match="'zho_Hant' is not in the model's vocabulary"):
        inspect_folder(folders["nllb"], FolderSettings(source_prefix="zho_Hant", target_prefix="eng_Latn"))


def test_unusable_folders_say_what_is_missing(tmp_path, folders):
    with pytest.raises(EngineError) as info:
        inspect_folder(tmp_path / "nowhere")
    assert "no such CTranslate2 model folder" in str(info.value) and "mt.ctranslate2.path" in str(info.value)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(EngineError, match="no model.bin.*ct2-transformers-converter"):
        inspect_folder(empty)
    no_spm = tmp_path / "no-spm"
    shutil.copytree(folders["opus-mt"], no_spm)
    (no_spm / "source.spm").unlink()
    (no_spm / "target.spm").unlink()
    with pytest.raises(EngineError, match="no SentencePiece model.*--copy_files"):
        inspect_folder(no_spm)
    english_only = tmp_path / "en-only"
    shutil.copytree(folders["nllb"], english_only)
    vocab = json.loads((english_only / "shared_vocabulary.json").read_text(encoding="utf-8"))
    (english_only / "shared_vocabulary.json").write_text(
        json.dumps([t if t != "zho_Hans" else "fra_Latn" for t in vocab]), encoding="utf-8")
    with pytest.raises(EngineError, match="does not translate from Chinese"):
        inspect_folder(english_only)


def test_engine_choice_from_the_command_line_and_briefing_yml(tmp_path, folders):
    assert parse_choice("ctranslate2:/m/opus") == Choice("ctranslate2", "/m/opus")
    assert parse_choice("endpoint:qwen2.5-7b-instruct") == Choice("endpoint", "qwen2.5-7b-instruct")
    with pytest.raises(Exception, match="choose argos, ctranslate2"):
        parse_choice("openai")
    (tmp_path / "briefing.yml").write_text(
        f"mt:\n  engine: ctranslate2\n  beam_size: 1\n  ctranslate2:\n    path: {folders['nllb']}\n",
        encoding="utf-8")
    project = load_project(tmp_path)
    engine = make_engine(None, project.mt, project.root)
    assert engine.engine == "ctranslate2" and engine.model == "standin-nllb"
    relative = tmp_path / "models" / "opus"
    shutil.copytree(folders["opus-mt"], relative)
    assert make_engine(Choice("ctranslate2", "models/opus"), project.mt, project.root).model == "opus"


def test_engine_settings_in_briefing_yml_every_problem_at_once(tmp_path):
    (tmp_path / "briefing.yml").write_text(
        "mt:\n  engine: endpoint\n  endpoint:\n    base_url: http://localhost:8080/v1\n"
        "    model: qwen2.5-7b-instruct\n    concurrency: 2\n    timeout: 30\n    json_mode: false\n",
        encoding="utf-8")
    mt = load_project(tmp_path).mt
    assert mt.engine == "endpoint" and mt.endpoint.concurrency == 2 and mt.endpoint.timeout == 30.0
    assert mt.endpoint.json_mode is False and mt.endpoint.model == "qwen2.5-7b-instruct"
    (tmp_path / "briefing.yml").write_text(
        "mt:\n  engine: openai\n  endpoint:\n    api_key: sk-secret\n    concurrency: none\n"
        "    json_mode: maybe\n  ctranslate2: [x]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_project(tmp_path)
    text = str(info.value)
    assert "5 problems" in text
    assert "briefing.yml:2: mt.engine: must be argos or ctranslate2 or endpoint" in text
    assert "briefing.yml:4: mt.endpoint.api_key: never write a key into briefing.yml" in text
    assert "sk-secret" not in text
    assert "mt.endpoint.concurrency: must be a positive whole number" in text
    assert "mt.endpoint.json_mode: must be true or false" in text
    assert "mt.ctranslate2: must be a mapping" in text


def test_cli_translate_and_status_with_a_folder(tmp_path, folders):
    root = tmp_path / "proj"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "000_demo.txt").write_text("名单公布\n\n" + "".join(SENTENCES[:2]) + "\n",
                                                 encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["translate", "-p", str(root), "--beam-size", "1",
                                  "--engine", f"ctranslate2:{folders['opus-mt']}"])
    assert result.exit_code == 0, result.output
    assert "with standin-opus-mt via ctranslate2" in result.output
    from briefing.translation.memory import read_tm
    [memory] = (root / "translations").glob("*.yml")
    entries = read_tm(memory)
    assert {(e.engine, e.model) for e in entries} == {("ctranslate2", "standin-opus-mt")}
    status = runner.invoke(main, ["model", "status", "-p", str(root)])
    assert "ctranslate2  not configured" in status.output
    (root / "briefing.yml").write_text(f"mt:\n  ctranslate2:\n    path: {folders['nllb']}\n", encoding="utf-8")
    status = runner.invoke(main, ["model", "status", "-p", str(root)])
    assert "ctranslate2  ready; standin-nllb (nllb: zho_Hans + pieces + </s>; English after eng_Latn)" \
        in status.output
    missing = runner.invoke(main, ["translate", "-p", str(root), "--engine",
                                   f"ctranslate2:{tmp_path / 'nope'}"])
    # the memory is complete: nothing to translate, no engine needed
    assert missing.exit_code == 0 and "nothing to translate" in missing.output
    (root / "seeds" / "001_more.txt").write_text("新标题\n\n" + SENTENCES[3] + "\n", encoding="utf-8")
    missing = runner.invoke(main, ["translate", "-p", str(root), "--engine",
                                   f"ctranslate2:{tmp_path / 'nope'}"])
    assert missing.exit_code == 5 and "Traceback" not in missing.output
    errors = [ln for ln in missing.stderr.splitlines() if ln.startswith("error:")]
    assert len(missing.stderr.strip().splitlines()) == 1 and "no such CTranslate2 model folder" in errors[0]
