# 04-peacekeeping-label: what kind of deployment it was.
from csto import check, claims, kazakhstan_days

decision = kazakhstan_days().set_index("event_id").loc["kz-csc-decision"]
print(decision["title"], "-", decision["description"])
print(claims("kz2022-peacekeeping-label")[["claim", "source_id"]])
# b: the CSTO's own Council decided it under Article 4 and named its force "peacekeeping".
# Whether the label fits stays open: for it, the Council's decision under Article 4 and five
# contributing members; against it, that Article 4 speaks of aggression, that no outside
# attacker was shown (bne IntelliNews), and that most of the force was Russian.
answer = "b"
check("04-peacekeeping-label", answer)
