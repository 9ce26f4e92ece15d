# 01-signatories: the states that signed on the first day of signatures.
from csto import check, load

events = load("membership_events")
signatures = events[(events["body"] == "CST") & (events["event"] == "signature")]
first_day = signatures["date"].min()
answer = sorted(signatures.loc[signatures["date"] == first_day, "iso3"])
print(first_day.date(), answer)
check("01-signatories", answer)
