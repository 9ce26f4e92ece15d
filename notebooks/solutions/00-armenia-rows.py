# 00-armenia-rows: predict, then count the rows of membership_events about Armenia.
from csto import check, load, predict

predict("00-armenia-rows", 6)  # a guess made before counting: a handful of steps, say
events = load("membership_events")
armenia = events[events["iso3"] == "ARM"]  # or events.query("iso3 == 'ARM'")
answer = len(armenia)
print(answer)
check("00-armenia-rows", answer)
