# 06-georgia-member-years: COW's member-years for Georgia minus this data set's.
from csto import member_years
from csto.exercises import check

cow = member_years("COW v4.1")
ours = member_years("this data set")
print(cow["Georgia"], ours["Georgia"])
answer = cow["Georgia"] - ours["Georgia"]
check("06-georgia-member-years", answer)
