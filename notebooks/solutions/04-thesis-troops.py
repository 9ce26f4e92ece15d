# 04-thesis-troops: how far does the 2022 article's thesis hold? The evidence: the official total
# (2,030), the sites guarded, and no row that shows the troops made the difference.
from csto import check, claims, kazakhstan_sites

print(claims("kz2022-troop-total")[["claim", "used_in_lessons"]])
print(kazakhstan_sites()[["name", "guarded_by"]])
# b: the verdict these rows support (the teachers' page sets out both sides).
answer = "b"
check("04-thesis-troops", answer)
