from briefing.sources.sentences import split_sentences


def test_splits_on_chinese_terminal_punctuation():
    assert split_sentences("第一句。第二句！第三句？第四句") == ["第一句。", "第二句！", "第三句？", "第四句"]


def test_closing_quotes_and_brackets_stay_with_their_sentence():
    assert split_sentences("他说:“我们需要竞争。”她说:「好。」(完)") == ["他说:“我们需要竞争。”", "她说:「好。」", "(完)"]


def test_repeated_marks_and_ascii_marks():
    assert split_sentences("真的吗?!不会吧!!") == ["真的吗?!", "不会吧!!"]


def test_decimals_and_dates_do_not_split():
    assert split_sentences("日期是2025.09.18,增长3.5%。") == ["日期是2025.09.18,增长3.5%。"]


def test_ellipsis_inside_sentence_does_not_split_but_final_one_does():
    assert split_sentences("他想了想……然后走了。") == ["他想了想……然后走了。"]
    assert split_sentences("如此等等…… 下一句。") == ["如此等等……", "下一句。"]


def test_whitespace_between_sentences_is_dropped():
    assert split_sentences("挑战。 这将深刻影响。") == ["挑战。", "这将深刻影响。"]
