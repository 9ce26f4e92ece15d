# 04-personnel: the latest official figure of personnel deployed.
from csto import check, kazakhstan_figures

figures = kazakhstan_figures("personnel deployed")
print(figures[["value", "qualifier", "as_of_text", "stated_by", "status"]])
exact_official = (figures["status"] == "official") & (figures["qualifier"] == "exact")
official = figures[exact_official].sort_values("as_of")
answer = official["value"].iloc[-1]
check("04-personnel", answer)
