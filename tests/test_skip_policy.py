"""The skip policy (tests/skip_policy.py): a skip fails the run unless its reason is one CI has."""

from __future__ import annotations

import pytest

from skip_policy import CI_LACKS, NO_REAL_MODEL

SKIPS = f'''
import pytest

def test_allowed():
    pytest.skip("{NO_REAL_MODEL}: translate-zh_en 1.9 is not installed")

@pytest.mark.skipif(True, reason="{NO_REAL_MODEL} (a mark)")
def test_allowed_by_a_mark():
    pass

def test_tool_missing():
    pytest.skip("pdftotext not installed")

@pytest.mark.skipif(True, reason="the feature has not landed yet")
def test_stale_guard():
    pass

@pytest.mark.xfail(reason="a known bug")
def test_expected_failure():
    assert False

def test_runs():
    pass
'''


def test_only_skips_for_what_ci_lacks_pass(pytester: pytest.Pytester):
    pytester.makepyfile(test_skips=SKIPS)
    result = pytester.runpytest("-p", "skip_policy", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, skipped=2, failed=1, errors=1, xfailed=1)  # a mark: in set-up
    for reason in ("pdftotext not installed", "the feature has not landed yet"):
        result.stdout.fnmatch_lines([f"*skipped for a reason CI does not have: '{reason}'*"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_a_module_skipped_at_collection_fails_too(pytester: pytest.Pytester):
    pytester.makepyfile(test_gone='import pytest\npytest.importorskip("no_such_module_xyz")\n\n'
                                  'def test_x():\n    pass\n')
    result = pytester.runpytest("-p", "skip_policy", "-p", "no:cacheprovider")
    assert result.ret != pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*skipped for a reason CI does not have*no_such_module_xyz*"])


def test_every_allowed_reason_says_why_ci_lacks_it():
    assert CI_LACKS and all(why.strip() for why in CI_LACKS.values())
