# 07-rival-nato: what the texts and the record say about the CSTO as a rival to NATO.
from csto import alliances, check, interventions

print(alliances(["nato", "csto"])[["body_id", "clause_article", "decision_rule",
                                    "members_count"]])
print(interventions(["nato", "csto"]).groupby(["body_id", "kind"], observed=True).size())
# b: alike on paper (an attack on one is an attack on all, a council of all members deciding
# by consensus); different in size and in use (NATO: Article 5 once, after an attack from
# abroad, and many Article 4 consultations; the CSTO: one deployment, against unrest inside a
# member, and a request after an attack that got no forces).
answer = "b"
check("07-rival-nato", answer)
