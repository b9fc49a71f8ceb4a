"""publish/valid_html.py: Material's invalid toggle and nav-label markup made valid, same behaviour."""

from __future__ import annotations

from briefing.publish import valid_html

PAGE = ('<body dir="ltr" data-md-color-scheme="default">\n'
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">\n'
        '<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">x</label>\n'
        '<label class="md-nav__link" for="__nav_3" id="__nav_3_label" tabindex="0">y</label>\n'
        '<input type="text" class="md-search__input" autocomplete="off"></body>')


def test_toggles_lose_autocomplete_but_keep_a_no_state_form_owner():
    out = valid_html.fix_material_html(PAGE)
    assert 'id="__drawer" form="__bf-nostate">' in out and 'id="__search" form="__bf-nostate">' in out
    assert out.count('<form id="__bf-nostate" autocomplete="off" hidden></form>') == 1
    assert out.index("<form") > out.index("<body")
    assert 'class="md-search__input" autocomplete="off"' in out  # valid on a text input: untouched


def test_only_empty_tabindex_is_dropped():
    out = valid_html.fix_material_html(PAGE)
    assert 'id="__nav_2_label">x' in out and 'tabindex="0">y' in out


def test_pages_without_material_markup_are_unchanged():
    assert valid_html.fix_material_html("<p>plain</p>") == "<p>plain</p>"
