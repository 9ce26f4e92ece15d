# 02-uzbekistan-2013: Uzbekistan's status on 1 January 2013.
from csto import check, membership_spells, status_on

print(membership_spells("Uzbekistan")[["status", "start_text", "end_text"]])
status = status_on("2013-01-01").set_index("name")
answer = status.loc["Uzbekistan", "status"]
check("02-uzbekistan-2013", answer)
