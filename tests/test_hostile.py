"""Hostile input to every public function: a clear sentence every time, nothing silently wrong.

Every callable in ``csto.__all__`` is called with values of many wrong kinds (booleans, NaN and
infinities, huge and negative numbers, impossible dates, unicode, very long text, lists,
Series, DataFrames) as its first argument. Each call must either raise csto's own error
(CstoError: one sentence saying what is valid) or, for None, which most functions read as
"all", return normally. Any other exception is a raw traceback a learner would meet; any result
for a value that should have been refused is silently wrong. The counts are written to
build/hostile.json (closing notes quote them).
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import math
from collections import Counter

import csto
import pandas as pd
import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUNCTIONS = {name: getattr(csto, name) for name in csto.__all__
             if inspect.isfunction(getattr(csto, name))}
TAKES_ARGUMENT = {name: f for name, f in FUNCTIONS.items() if inspect.signature(f).parameters}
COUNTS: Counter = Counter()

#: Text that is no name, id, date or option of the data set: it carries a character no state,
#: table or exercise has (csto strips accents, not other letters).
junk_text = st.text(min_size=0, max_size=20).map(lambda s: "\u2603" + s)
hostile = st.one_of(
    st.booleans(),
    st.sampled_from([math.nan, math.inf, -math.inf, 1e300, -0.5, 3.5]),
    st.integers(min_value=10**6) | st.integers(max_value=-1),
    st.sampled_from(["2022-02-30", "0000-00-00", "1066-10-14", "9999-12-31", "2022-13-01",
                     "", " ", "\x00", "😀" * 3, "a" * 20_000, " " * 20_000,
                     "<script>alert(1)</script>", "$x^2$", "javascript:alert(1)"]),
    junk_text,
    st.sampled_from([dt.date(1800, 1, 1), dt.date(2999, 1, 1), pd.NaT, pd.Timestamp("1066-01-01")]),
    st.lists(st.integers(), max_size=3),
    st.lists(junk_text, min_size=1, max_size=3),
    st.dictionaries(junk_text, st.integers(), max_size=2),
    st.lists(st.integers(), max_size=3).map(pd.Series),
    st.lists(st.integers(), max_size=3).map(lambda v: pd.DataFrame({"x": v})),
    st.just(object()),
)


def outcome(function, value) -> str:
    """'clear' (csto's own error), 'returned', or 'raw: <exception>'. Other required
    arguments (predict's guess) get a plain valid value."""
    required = [p for p in inspect.signature(function).parameters.values()
                if p.default is inspect.Parameter.empty][1:]
    try:
        function(value, *[1] * len(required))
    except csto.CstoError:
        return "clear"
    except Exception as exc:  # noqa: BLE001 - any other exception is what this test looks for
        return f"raw: {type(exc).__name__}: {exc}"[:300]
    return "returned"


@pytest.mark.parametrize("name", sorted(TAKES_ARGUMENT))
@settings(max_examples=100, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(value=hostile)
def test_hostile_first_argument_gets_a_sentence(name, value):
    first = next(iter(inspect.signature(TAKES_ARGUMENT[name]).parameters.values()))
    if isinstance(first.default, bool) and isinstance(value, bool):
        return  # a flag (tiles=False): True and False are its valid values
    result = outcome(TAKES_ARGUMENT[name], value)
    COUNTS["tried"] += 1
    if result == "returned":
        COUNTS["silently wrong"] += 1
        pytest.fail(f"{name}({value!r:.80}) returned a result: it should have been refused")
    if result.startswith("raw"):
        COUNTS["raw"] += 1
        pytest.fail(f"{name}({value!r:.80}) ended in a raw traceback: {result}")
    COUNTS["clear error"] += 1


@pytest.mark.parametrize("name", sorted(TAKES_ARGUMENT))
def test_none_means_all_or_is_refused_clearly(name):
    """None is the default of many arguments ("all"): it may work, or be refused clearly."""
    result = outcome(TAKES_ARGUMENT[name], None)
    COUNTS["tried"] += 1
    COUNTS["clear error" if result == "clear" else "accepted None" if result == "returned"
           else "raw"] += 1
    assert not result.startswith("raw"), f"{name}(None): {result}"


def test_functions_without_arguments_run():
    for name, function in FUNCTIONS.items():
        if name not in TAKES_ARGUMENT:
            function()


def test_zz_write_the_counts():
    """Runs last in this file: the counts of the suite, for the closing notes."""
    out = ROOT / "build" / "hostile.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(dict(COUNTS), indent=1), encoding="utf-8")
    assert COUNTS["tried"] > 0
