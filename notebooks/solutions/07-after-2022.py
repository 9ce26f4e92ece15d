# 07-after-2022: actions against unrest inside a member that began after the CSTO deployed in
# Kazakhstan.
from csto import check, interventions

inside = interventions(against_unrest_inside=True)
kazakhstan = inside.loc[inside["intervention_id"] == "csto-2022-01-kazakhstan", "start_date"]
later = inside[inside["start_date"] > kazakhstan.item()]
print(later[["intervention_id", "body_id", "kind", "start_date_text"]])
answer = later["intervention_id"].tolist()
check("07-after-2022", answer)
