# 04-unbroken: the personnel that no official per-country figure covers (predict, then compute).
from csto import check, kazakhstan_contingent, kazakhstan_figures, predict

predict("04-unbroken", 1000)  # a guess, made before computing
personnel = kazakhstan_figures("personnel deployed")
exact_official = (personnel["status"] == "official") & (personnel["qualifier"] == "exact")
total = personnel[exact_official].sort_values("as_of")["value"].iloc[-1]
contingent = kazakhstan_contingent()
official = contingent[contingent["status"] == "official"]
print("official total:", total)
print("covered by official per-country figures:", official["personnel"].sum())
answer = int(total - official["personnel"].sum())
check("04-unbroken", answer)
