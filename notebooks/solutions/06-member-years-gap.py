# 06-member-years-gap: how many more member-years COW gives each state.
from csto import check, member_years

answer = member_years("COW v4.1") - member_years("this data set")
print(answer)
check("06-member-years-gap", answer)
