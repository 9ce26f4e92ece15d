# 01-parties-1995: a guess first, then the count of parties on 1 January 1995.
from csto import check, members_on, predict

predict("01-parties-1995", 6)  # a first guess: the six states that signed in Tashkent
parties_1995 = members_on("1995-01-01")
print(parties_1995)
answer = len(parties_1995)
check("01-parties-1995", answer)
