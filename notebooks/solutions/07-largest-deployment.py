# 07-largest-deployment: the deployment with the most personnel, by the sources' figures.
from csto import check, interventions

deployed = interventions(kind="forces deployed").dropna(subset=["personnel"])
deployed = deployed.sort_values("personnel", ascending=False)
print(deployed[["intervention_id", "personnel", "personnel_qualifier", "size_detail"]])
answer = deployed["intervention_id"].head(1).tolist()
check("07-largest-deployment", answer)
