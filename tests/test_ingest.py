"""Reading seeds and metadata: encodings, empty and binary files, metadata errors."""

import pytest

from briefing.errors import BriefingError, InputError
from briefing.sources.ingest import find_seeds, read_meta, read_seed

TEXT = "深度求索崛起挑战现有发展路径。美国科技界感到震惊。"


def write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_utf8_with_bom_and_crlf(tmp_path):
    seed = read_seed(write(tmp_path, "000_a.txt", b"\xef\xbb\xbf" + TEXT.replace("。", "。\r\n").encode()))
    assert seed.encoding == "utf-8"
    assert "\r" not in seed.text and not seed.text.startswith("\ufeff")


@pytest.mark.parametrize("encoding", ["gb18030", "big5"])
def test_legacy_chinese_encodings_are_decoded(tmp_path, encoding):
    text = TEXT if encoding == "gb18030" else "深度求索崛起挑戰現有發展路徑。美國科技界感到震驚。"
    seed = read_seed(write(tmp_path, "000_a.txt", text.encode(encoding)))
    assert seed.text == text


def test_empty_and_binary_files_are_refused_with_the_file_named(tmp_path):
    with pytest.raises(InputError, match=r"000_a\.txt: file is empty"):
        read_seed(write(tmp_path, "000_a.txt", b"  \n\n"))
    with pytest.raises(InputError, match=r"001_b\.txt: looks like a binary file"):
        read_seed(write(tmp_path, "001_b.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00"))


def test_undecodable_text_is_refused(tmp_path):
    with pytest.raises(InputError, match="re-save the file as UTF-8"):
        read_seed(write(tmp_path, "000_a.txt", bytes(range(0x80, 0xff)) * 3))


def test_seeds_without_an_order_prefix_are_accepted_after_the_numbered_ones(tmp_path):
    for name in ("article.txt", "010_b.txt", "002_a.txt", "文章.txt"):
        write(tmp_path, name, TEXT.encode())
    assert [p.name for p in find_seeds(tmp_path)] == ["002_a.txt", "010_b.txt", "article.txt", "文章.txt"]
    assert read_meta(tmp_path / "article.txt")[0].slug == "article"
    assert read_meta(tmp_path / "文章.txt")[0].slug.startswith("article-")


def test_metadata_defaults_and_errors_name_file_and_line(tmp_path):
    seed = write(tmp_path, "000_abc.txt", TEXT.encode())
    meta, _ = read_meta(seed)
    assert meta.slug == "000-abc" and meta.precision == "unknown"
    (tmp_path / "000_abc.yml").write_text("slug: ok\ntitle_zh: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"000_abc\.yml:3: metadata is not valid YAML"):
        read_meta(seed)
    (tmp_path / "000_abc.yml").write_text("slug: Bad Slug\npublished: 2025-13\nprecision: day\ncolour: red\n")
    with pytest.raises(BriefingError) as err:
        read_meta(seed)
    msg = str(err.value)  # every problem, each with its line and field
    assert "000_abc.yml:4: colour: unknown key" in msg and "000_abc.yml:1: slug: 'Bad Slug'" in msg
    assert "000_abc.yml:2: published: '2025-13' is not a day date; write YYYY-MM-DD" in msg


def test_metadata_values_stay_text_and_impossible_dates_are_named(tmp_path):
    seed = write(tmp_path, "000_abc.txt", TEXT.encode())
    (tmp_path / "000_abc.yml").write_text("title_zh: No\noutlet: 1.50\npublished: 2025-01-28\n")
    meta, _ = read_meta(seed)
    assert (meta.title_zh, meta.outlet, meta.published) == ("No", "1.50", "2025-01-28")
    (tmp_path / "000_abc.yml").write_text("published: 2025-02-30\n")
    with pytest.raises(InputError, match=r"000_abc\.yml:1: published: '2025-02-30' is not a real date"):
        read_meta(seed)
