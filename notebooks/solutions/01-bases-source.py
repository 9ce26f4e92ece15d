# 01-bases-source: weigh the three sources on the legal form of the 2011 bases rule.
from csto import check, claims, load

reports = claims("bases-2011-legal-form").merge(load("sources"), on="source_id")
print(reports[["publisher", "kind", "date_text", "claim", "used_in_lessons"]])
# c: the ratification law must name what Russia ratified (a protocol, signed in Moscow on
# 20 December 2011), so it records the signing itself; a report from the days after the summit
# can miss it, whoever publishes it, and counting reports settles nothing.
answer = "c"
check("01-bases-source", answer)
