# 08-best-worst: a model answer (written answers are not graded: compare yours with it).
from csto import check, evidence

print(evidence("T4")[["side", "row_id"]])
print(evidence("T16")[["side", "row_id"]])
answer = """Best: T4, the dates. The treaty was signed in 1992 and came into force in 1994
(timeline:cst-in-force-1994), with nine parties: it holds, except that six states signed, not
the CIS. Worst: T16, growth. The best case for it is that Serbia's parliament still observes
(membership_events:srb-pa-observer) and Russia floated a status for Azerbaijan in 2019; but
Armenia said it would block it (timeline:armenia-veto-azerbaijan-2019), no state joined by the
as-of date, and Armenia froze its part. Does not hold. The article was strongest on facts,
weaker on forecasts, and its guesses about motives (T11) cannot be tested."""
check("08-best-worst", answer)
