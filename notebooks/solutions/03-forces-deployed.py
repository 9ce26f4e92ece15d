# 03-forces-deployed: the one episode in which the CSTO deployed forces.
from csto import check, crises, state_name

deployed = crises(response="forces deployed")
print(deployed[["name", "state", "start_date_text"]])
answer = state_name(deployed["state"].item())
check("03-forces-deployed", answer)
