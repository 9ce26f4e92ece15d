# 04-contributors: every state in the contingent table, once.
from csto import check, kazakhstan_contingent

contingent = kazakhstan_contingent()
print(contingent[["name", "personnel", "status"]])
answer = sorted(contingent["name"].unique())
check("04-contributors", answer)
