# 03-thesis-mediation: how far does the 2022 article's thesis hold? The evidence: the 2022 row: a
# larger war, a request for a contingent in October 2022, none sent.
from csto import check, crises

border = crises().set_index("crisis_id").loc[["kgz-tjk-2021-04", "kgz-tjk-2022-09"]]
print(border[["request_type", "response", "response_detail"]])
# c: the verdict these rows support (the teachers' page sets out both sides).
answer = "c"
check("03-thesis-mediation", answer)
