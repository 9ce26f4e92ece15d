# 03-deployments: in how many crisis episodes did the CSTO send no forces? Guess, then count.
from csto import check, crises, predict

if __name__ != "__solution__":  # csto runs this file to find the answer: your own guess stays
    predict("03-deployments", 6)  # a guess, recorded before looking at the data

table = crises()
no_forces = table["response"] != "forces deployed"
answer = int(no_forces.sum())
print(answer, "of", len(table), "episodes")
check("03-deployments", answer)
