# 05-host-states: the member states where the sources report a Russian base or facility in use.
from csto import check, load, state_name

facilities = load("russian_facilities")
in_use = facilities[facilities["status"] == "in use"]
print(in_use[["name", "iso3", "status", "reported_text"]])
answer = sorted({state_name(code) for code in in_use["iso3"]})
check("05-host-states", answer)
