# 02-lapsed-1999: the states whose membership lapsed in 1999.
from csto import check, membership_spells

spells = membership_spells()
lapsed = spells[(spells["status"] == "lapsed") & (spells["start"].dt.year == 1999)]
answer = list(lapsed["name"])
print(answer)
check("02-lapsed-1999", answer)
