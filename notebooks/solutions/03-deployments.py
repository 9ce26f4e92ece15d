# 03-deployments: in how many crisis episodes did the CSTO deploy forces? Guess, then count.
from csto import check, crises, predict

if __name__ != "__solution__":  # csto runs this file by itself to find the answer: no guess then
    predict("03-deployments", 3)  # a guess, recorded before looking at the data

table = crises()
deployed = table["response"] == "forces deployed"
answer = int(deployed.sum())
print(answer, "of", len(table), "episodes")
check("03-deployments", answer)
