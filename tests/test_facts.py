"""Key facts, written down from the checked fact sheet, that the exercises and lessons rest on.

The exercises compute their answers from the data; these tests pin the answers to what the
sources say, so a wrong row in the data cannot make a wrong answer "right".
"""

from __future__ import annotations

import pytest
from csto.exercises import check, get_exercise, predict

FACTS = [
    ("01-signatories", ["Armenia", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan",
                        "Uzbekistan"]),
    ("01-entry-into-force", "1994-04-20"),
    ("01-parties-1995", 9),
    ("01-charter-city", "Chisinau"),
    ("02-lapsed-1999", ["Azerbaijan", "Georgia", "Uzbekistan"]),
    ("03-forces-deployed", "Kazakhstan"),
    ("04-personnel", 2030),
    ("04-first-day", "2022-01-06"),
    ("04-death-toll", 238),
    ("04-contributors", ["Russia", "Belarus", "Armenia", "Kyrgyzstan", "Tajikistan"]),
    ("05-armenia-freeze", "2024-02-22"),
    ("06-atop-belarus", "1994-01-03"),
]


@pytest.mark.parametrize(("exercise", "fact"), FACTS, ids=[f[0] for f in FACTS])
def test_the_fact_is_the_right_answer(exercise, fact):
    if get_exercise(exercise).predict:  # a predict-then-test item checks only after a guess
        predict(exercise, fact)
    assert check(exercise, fact).verdict == "right"
