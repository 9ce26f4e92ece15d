# 01-charter-city: the sources disagree; the claims table says which claim the lessons use.
from csto import check, claims

place = claims("charter-signing-place")
print(place[["claim", "used_in_lessons"]])
used = place.loc[place["used_in_lessons"], "claim"].item()
print(used)
answer = used  # the claim names the city; check() reads the city out of it
check("01-charter-city", answer)
