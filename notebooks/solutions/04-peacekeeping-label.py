# 04-peacekeeping-label: what kind of deployment it was.
from csto import check, claims, kazakhstan_days

decision = kazakhstan_days().set_index("event_id").loc["kz-csc-decision"]
print(decision["title"], "-", decision["description"])
print(claims("kz2022-peacekeeping-label")[["claim", "source_id"]])
# b: the CSTO's own Council decided it under Article 4 and named its force "peacekeeping".
answer = "b"
check("04-peacekeeping-label", answer)
