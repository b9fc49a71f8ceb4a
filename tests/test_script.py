from briefing.sources.script import both_scripts, detect_script, to_hans, to_hant


def test_detects_simplified_and_traditional():
    assert detect_script("中国开发的开源人工智能产品") == "hans"
    assert detect_script("中國開發的開源人工智能產品") == "hant"


def test_phrase_level_conversion_both_ways():
    assert to_hant("软件") == "軟體"  # phrase (Taiwan vocabulary), not character-by-character 軟件
    assert to_hans("伺服器") == "服务器"
    assert to_hant("黄仁勋") == "黃仁勳"


def test_original_script_is_kept_verbatim():
    hans, hant = both_scripts("晶片與軟體", "hant")
    assert hant == "晶片與軟體"
    assert hans != hant
    hans, hant = both_scripts("芯片与软件", "hans")
    assert hans == "芯片与软件"
