# 02-uzbekistan-2013: Uzbekistan's status on 1 January 2013.
from csto import check, status_on

status = status_on("2013-01-01").set_index("name")
answer = status.loc["Uzbekistan", "status"]
print(answer)
check("02-uzbekistan-2013", answer)
