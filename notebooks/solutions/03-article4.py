# 03-article4: the episodes with a formal request for assistance under Article 4.
from csto import check, crises

table = crises()
article4 = table[table["request_type"] == "formal request for assistance (Article 4)"]
print(article4[["crisis_id", "name", "requested_by", "response"]])
answer = list(article4["crisis_id"])
check("03-article4", answer)
