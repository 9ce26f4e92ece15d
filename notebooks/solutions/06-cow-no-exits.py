# 06-cow-no-exits: states that left (by 2012) in this data set, but have no end in COW.
from csto import alliance_codings, check

cow = alliance_codings("COW v4.1")
ours = alliance_codings("this data set")
no_end_in_cow = set(cow.loc[cow["end"].isna(), "name"])
left_by_2012 = set(ours.loc[ours["end"].dt.year <= 2012, "name"])
answer = sorted(no_end_in_cow & left_by_2012)
print(answer)
check("06-cow-no-exits", answer)
