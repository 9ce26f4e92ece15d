# 03-armenia-2022: what the CSTO did when Armenia invoked Article 4 in September 2022.
from csto import check, crises

table = crises()
row = table[table["crisis_id"] == "arm-2022-09-attack"]
print(row[["territory", "request_type", "response", "response_detail"]].T)
answer = "b"  # own territory and a formal Article 4 request, but a mission came, not troops
check("03-armenia-2022", answer)
