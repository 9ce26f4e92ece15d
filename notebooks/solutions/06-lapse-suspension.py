# 06-lapse-suspension: what the end dates of this data set's spells stand for.
from csto import check, load

steps = load("membership_events")
ends = steps[steps["date_text"].isin(["1999-04-20", "2012-12-19"])]
print(ends[["iso3", "date_text", "event", "status_after"]])
# b: a lapse (the treaty not renewed) and a suspension (the Council's decision) differ in law;
# this data set ends both spells only because it counts parties, and COW ends neither.
answer = "b"
check("06-lapse-suspension", "b")
