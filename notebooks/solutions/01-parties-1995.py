# 01-parties-1995: how many parties on 1 January 1995.
from csto import check, members_on

parties = members_on("1995-01-01")
print(parties)
answer = len(parties)
check("01-parties-1995", answer)
