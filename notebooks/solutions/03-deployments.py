# 03-deployments: in how many crisis episodes did the CSTO send no forces? Guess, then count.
from csto import check, crises, predict

predict("03-deployments", 6)  # a guess, recorded before looking at the data (yours may differ)

table = crises()
no_forces = table["response"] != "forces deployed"
answer = int(no_forces.sum())
print(answer, "of", len(table), "episodes")
check("03-deployments", answer)
