# 08-worth-verdict: a model answer (written answers are not graded: compare yours with it).
from csto import check, evidence

print(evidence("T8")[["side", "table", "row_id"]])
answer = """For: Kazakhstan asked on 5 January 2022, forces came within a day and left within
two weeks, as Tokayev wished (crises:kaz-2022-01); Syssoyeva and Beliakova read it as proof of
the alliance's use. Against: Armenia asked under Article 4 in September 2022 and got a mission,
not forces (crises:arm-2022-09-attack), then froze its part in 2024; Kyrgyzstan asked for a
contingent on its border in October 2022 and got none (perspectives:kgztjk-bekbolotov-contingent).
The claim was about member states, and the later rows weigh more in testing a forecast. My
verdict: partly. The operation showed the organisation's worth to one government, on one kind
of crisis, not to its members in general."""
check("08-worth-verdict", answer)
