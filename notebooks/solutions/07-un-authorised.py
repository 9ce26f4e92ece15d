# 07-un-authorised: how many actions against unrest inside a member the UN Security Council
# authorised.
from csto import check, interventions, predict

# A guess made before running anything: perhaps the UN backed one of them (The Gambia?).
predict("07-un-authorised", 1)
inside = interventions(against_unrest_inside=True)
print(inside[["intervention_id", "un_authorised", "un_detail"]])
answer = int((inside["un_authorised"] == "yes").sum())
check("07-un-authorised", answer)
