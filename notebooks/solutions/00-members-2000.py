# 00-members-2000: the parties to the treaty on 1 January 2000.
from csto import check, members_on

answer = members_on("2000-01-01")
print(answer)
check("00-members-2000", answer)
