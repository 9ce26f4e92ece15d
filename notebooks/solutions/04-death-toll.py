# 04-death-toll: the latest official death toll.
from csto import check, kazakhstan_figures

deaths = kazakhstan_figures("deaths")
print(deaths[["value", "as_of_text", "stated_by", "status"]])
exact_official = (deaths["status"] == "official") & (deaths["qualifier"] == "exact")
official = deaths[exact_official].sort_values("as_of")
answer = official["value"].iloc[-1]
check("04-death-toll", answer)
