# 03-forces-deployed: the one episode in which the CSTO deployed forces.
from csto import crises, state_name
from csto.exercises import check

deployed = crises(response="forces deployed")
print(deployed[["name", "state", "start_date_text"]])
answer = state_name(deployed["state"].item())
check("03-forces-deployed", answer)
