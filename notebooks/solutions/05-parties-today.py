# 05-parties-today: the parties on the "as of" date (a frozen member still counts).
from csto import as_of, check, members_on

parties = members_on(as_of())
print(parties)
answer = len(parties)
check("05-parties-today", answer)
