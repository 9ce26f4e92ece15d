# 05-thesis-growth: how far does the 2022 article's thesis hold? The evidence: no new member;
# Borisov's 'observer' (not 'special partner'); Armenia's stated veto; Armenia's freeze.
from csto import as_of, check, members_on, timeline

print(members_on(as_of()))
print(timeline(start="2019-09-01", end="2019-09-30", category="diplomacy")[["date_text", "title"]])
# c: the verdict these rows support (the teachers' page sets out both sides).
answer = "c"
check("05-thesis-growth", answer)
