# 05-parties-today: first a guess, then the parties on the "as of" date (a frozen member counts).
from csto import as_of, check, members_on, predict

predict("05-parties-today", 7)  # a guess made before looking: "more members" (yours may differ)
parties = members_on(as_of())
print(parties)
answer = len(parties)
check("05-parties-today", answer)
