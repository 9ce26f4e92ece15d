# 06-georgia-member-years: predict, then COW's member-years for Georgia minus this data set's.
from csto import check, member_years, predict

# A guess made before running anything: COW counts 1992-2012, this data set 1994-1998.
predict("06-georgia-member-years", 16)
cow_years = member_years("COW v4.1")
our_years = member_years("this data set")
print(cow_years["Georgia"], our_years["Georgia"])
answer = int(cow_years["Georgia"] - our_years["Georgia"])
check("06-georgia-member-years", answer)
