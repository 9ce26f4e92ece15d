# 06-georgia-member-years: COW's member-years for Georgia minus this data set's.
from csto import check, member_years

cow_years = member_years("COW v4.1")
our_years = member_years("this data set")
print(cow_years["Georgia"], our_years["Georgia"])
answer = cow_years["Georgia"] - our_years["Georgia"]
check("06-georgia-member-years", answer)
