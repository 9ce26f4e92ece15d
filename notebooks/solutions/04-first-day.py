# 04-first-day: the first day of the deployment (first 'operation' event).
from csto import check, kazakhstan_days

days = kazakhstan_days()
operation = days[days["category"] == "operation"]
print(operation[["date_text", "title"]].head())
answer = operation["date"].min()
check("04-first-day", answer)
