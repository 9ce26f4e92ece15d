# 02-armenia-status-changes: of Armenia's steps since 2023, only those with a status_after
# change its status in the data; the others (summits skipped, statements, unpaid dues) do not.
from csto import check, load, predict

predict("02-armenia-status-changes", ["freeze announced", "funding stopped"])  # a guess
events = load("membership_events")
armenia = events[(events["iso3"] == "ARM") & (events["date"].dt.year >= 2023)].sort_values("date")
changed = armenia[armenia["status_after"].notna()]
print(changed[["date_text", "event", "status_after"]])
answer = list(changed["event"])
check("02-armenia-status-changes", answer)
