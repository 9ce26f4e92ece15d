# 02-armenia-party: a frozen member is still a party to the treaty.
from csto import as_of, check, members_on, status_on

today = as_of()
print(status_on(today).set_index("name").loc["Armenia", "status"])
answer = "yes" if "Armenia" in members_on(today) else "no"
check("02-armenia-party", answer)
