# 08-belarus-verdict: how far does T11 hold?
from csto import check, evidence

print(evidence("T11")[["side", "table", "row_id", "what"]])
# b: the fact holds (no request reached the CSTO); the motive is a guess, and the bilateral
# reserve Lukashenko asked Putin for cuts against "wary of looking dependent on Russia".
answer = "b"
check("08-belarus-verdict", answer)
