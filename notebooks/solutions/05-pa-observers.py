# 05-pa-observers: every state whose parliament was ever an observer in the CSTO PA.
from csto import check, load, state_name

events = load("membership_events")
granted = events[events["event"] == "observer granted"]
answer = [state_name(code) for code in granted["iso3"]]
print(answer)
check("05-pa-observers", answer)
