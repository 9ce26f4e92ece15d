# 03-armenia-responses: how the CSTO answered in the episodes involving Armenia.
from csto import check, crises

armenia = crises(state="Armenia")
answer = armenia["response"].value_counts()
print(answer)
check("03-armenia-responses", answer)
