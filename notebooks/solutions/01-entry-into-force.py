# 01-entry-into-force: the day the treaty entered into force.
from csto import check, load

events = load("membership_events")
in_force = events[events["event"] == "entry into force"]
answer = in_force["date"].min()
print(answer.date())
check("01-entry-into-force", answer)
