# 05-host-states: the member states where the sources report a Russian base (not just a
# facility) in use.
from csto import check, load, state_name

facilities = load("russian_facilities")
bases = facilities[(facilities["status"] == "in use")
                   & facilities["kind"].isin(["military base", "air base"])]
print(bases[["name", "kind", "iso3", "reported_text"]])
answer = sorted({state_name(code) for code in bases["iso3"]})
check("05-host-states", answer)
